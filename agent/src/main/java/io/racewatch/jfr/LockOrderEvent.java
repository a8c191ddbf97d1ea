package io.racewatch.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A {@code lock-order} finding. */
@Name("io.racewatch.LockOrderInversion")
@Label("Lock Order Inversion")
@Description("Two locks were taken in opposite orders by two threads.")
final class LockOrderEvent extends FindingEvent {
}

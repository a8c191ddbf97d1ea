package io.racewatch.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A {@code lock-hold} finding. */
@Name("io.racewatch.LongLockHold")
@Label("Long Lock Hold")
@Description("A lock was held longer than the hold threshold.")
final class LockHoldEvent extends FindingEvent {
}

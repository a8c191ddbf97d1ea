package io.racewatch.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A {@code deadlock} finding. */
@Name("io.racewatch.Deadlock")
@Label("Deadlock")
@Description("Threads were blocked forever, each waiting for a lock another holds.")
final class DeadlockEvent extends FindingEvent {
}

package io.racewatch.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A {@code timer-outlives-owner} finding. */
@Name("io.racewatch.TimerOutlivesOwner")
@Label("Timer Outlives Owner")
@Description("A scheduled task was still scheduled, or ran, after the object that scheduled it was closed.")
final class TimerOutlivesOwnerEvent extends FindingEvent {
}

package io.racewatch.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * What every racewatch finding event carries: the resource, the accesses' sites and threads,
 * and the severity. One subclass per kind, so that a recording's settings can enable each.
 * Committed on racewatch's own thread, so the event's thread is not the racing one: the racing
 * threads are in {@link #threads}.
 */
@Category({"racewatch", "Findings"})
@StackTrace(false)
abstract class FindingEvent extends Event {
    @Label("Kind")
    String kind;

    @Label("Severity")
    @Description("error, warning or note")
    String severity;

    @Label("Message")
    String message;

    @Label("Resource Type")
    @Description("map, lock or task")
    String resourceType;

    @Label("Resource")
    @Description("The field that holds it, or its class and identity; for a task, how and where it was scheduled")
    String resource;

    @Label("Resource Class")
    String resourceClass;

    @Label("Key")
    String key;

    @Label("First Site")
    @Description("Where the first access was made, as a stack frame")
    String firstSite;

    @Label("Second Site")
    @Description("Where the other thread's access was made, as a stack frame")
    String secondSite;

    @Label("Sites")
    @Description("Every access, one a line: thread, operation and site")
    String sites;

    @Label("Threads")
    @Description("The threads of the accesses, comma-separated")
    String threads;

    @Label("Observed")
    @Description("True when the race really interleaved; false when predicted from happens-before")
    boolean observed;

    @Label("Test")
    String test;
}

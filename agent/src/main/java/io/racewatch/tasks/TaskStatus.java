package io.racewatch.tasks;

/** Where a tracked task stands, as far as the JDK objects involved tell. */
public enum TaskStatus {
    /** Will run (again) unless someone stops it. */
    PENDING,
    /** A one-shot task that has begun its run. */
    RUNNING,
    /** Ran to its end, or can never run: nothing holds it any more. */
    DONE,
    /** Cancelled: its future, its timer task or its timer. */
    CANCELLED,
    /** Its executor was shut down (a shut-down executor still runs delayed one-shots by default). */
    SHUT_DOWN
}

package io.racewatch.report;

/** The lock-wait report on demand from a running JVM (JMX, {@code io.racewatch:type=LockWaits}). */
public interface LockWaitsMBean {
    /** The report as a text table. */
    String getText();

    /** The report as JSON. */
    String getJson();

    /** Writes {@code lock-waits.txt} and {@code lock-waits.json} into the report directory; returns the text file's path. */
    String write();
}

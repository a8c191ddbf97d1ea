package io.racewatch.report;

import io.racewatch.runtime.FaultCount;
import io.racewatch.runtime.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reporter survives a program that fills the heap on purpose (commons-pool2's TestSoftRefOutOfMemory). */
class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void theReporterThreadOutlivesAnOutOfMemoryErrorInItsWork() throws Exception {
        int faults = Faults.count();
        ReportWriter writer = new ReportWriter(dir);
        try {
            CountDownLatch ranAfter = new CountDownLatch(1);
            writer.later(() -> {
                throw new OutOfMemoryError("simulated: the program filled the heap");
            });
            writer.later(ranAfter::countDown);
            // Only the reporter thread runs queued work before close(): without it this never counts down.
            assertTrue(ranAfter.await(30, TimeUnit.SECONDS), "work queued after the error never ran");
        } finally {
            writer.close();
            FaultCount.restore(faults);
        }
    }
}

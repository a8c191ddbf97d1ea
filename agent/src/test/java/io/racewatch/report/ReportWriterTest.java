package io.racewatch.report;

import io.racewatch.runtime.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** racewatch's reporting survives a program that fills the heap on purpose (commons-pool2's TestSoftRefOutOfMemory). */
class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void theReporterThreadOutlivesAnOutOfMemoryErrorInItsWork() throws Exception {
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
        }
    }

    @Test
    void aFaultThatCannotBeLoggedStaysInsideRacewatch() {
        assumeTrue(Faults.count() < 3, "only the first three faults are logged");
        int before = Faults.count();
        Log.deferTo(message -> {
            throw new OutOfMemoryError("simulated: no memory left to log");
        });
        try {
            assertDoesNotThrow(() -> Faults.report("a probe", new IllegalStateException("probe failed")));
            assertEquals(before + 1, Faults.count());
        } finally {
            Log.deferTo(null);
        }
    }
}

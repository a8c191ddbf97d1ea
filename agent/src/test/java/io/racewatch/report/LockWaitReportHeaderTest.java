package io.racewatch.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lock-wait table's header is written without a formatter, exactly as the format wrote it. */
class LockWaitReportHeaderTest {
    @Test
    void headerIsWhatTheFormatWrote() {
        assertEquals(String.format("%-34s %-28s %9s %15s %10s %8s %8s %8s %8s %9s %8s%n", "lock", "class", "acquired",
            "contended", "wait total", "mean", "p50", "p99", "max", "hold p99", "max"), LockWaitReport.HEADER);
    }
}

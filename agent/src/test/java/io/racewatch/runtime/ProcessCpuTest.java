package io.racewatch.runtime;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process's CPU time as the overhead budget reads it. */
class ProcessCpuTest {
    @Test
    void userAndSystemTimeAreTheFourteenthAndFifteenthFields() {
        byte[] line = "4242 (java) S 1 4242 1 0 -1 4194304 101 0 0 0 250 37 0 0 20 0 31 0 991758 3133440 383\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals((250 + 37) * 10_000_000L, ProcessCpu.parseStat(line, line.length));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        byte[] line = "7 (a) b (c) R 1 7 1 0 -1 0 0 0 0 0 12 3 0 0 20 0 1 0 5 6 7".getBytes(StandardCharsets.US_ASCII);
        assertEquals(15 * 10_000_000L, ProcessCpu.parseStat(line, line.length));
    }

    @Test
    void aCutLineIsNoFigure() {
        byte[] line = "7 (java) R 1 7 1 0 -1 0 0 0 0".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, ProcessCpu.parseStat(line, line.length));
    }

    @Test
    void itGrowsWithWorkDone() {
        long before = ProcessCpu.nowNs();
        long spin = System.nanoTime() + 60_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += x * 31 + 7;
        }
        assertTrue(ProcessCpu.nowNs() > before, "after 60 ms of spinning (" + x + ")");
    }
}

package io.racewatch.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The parts' names sort in start order: the start time is written with a fixed number of digits. */
class ReportDirectoryNamesTest {
    @Test
    void padsWithZerosAsFormatDid() {
        for (long value : new long[] {0, 7, 1_764_500_000_000L, 9_999_999_999_999L, 12_345_678_901_234L}) {
            assertEquals(String.format("%013d", value), ReportDirectory.zeroPadded(value, 13), String.valueOf(value));
        }
    }
}

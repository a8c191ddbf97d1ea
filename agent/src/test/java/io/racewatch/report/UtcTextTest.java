package io.racewatch.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** This JVM's start is written as Instant.toString wrote it, without java.time's formatter. */
class UtcTextTest {
    @Test
    void writesWhatInstantWrites() {
        long[] fixed = {0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000L /* 2000-02-29 */, 1_796_053_076_948L,
            4_102_444_800_000L /* 2100-01-01 */, 253_402_300_799_999L /* 9999-12-31T23:59:59.999 */};
        for (long ms : fixed) {
            assertEquals(Instant.ofEpochMilli(ms).toString(), UtcText.of(ms), String.valueOf(ms));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long ms = random.nextLong(253_402_300_800_000L);
            assertEquals(Instant.ofEpochMilli(ms).toString(), UtcText.of(ms), String.valueOf(ms));
        }
    }
}

package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.CaffeineCache;

import static io.racewatch.realcode.RealCodeAssertions.assertLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSilent;

/**
 * Caffeine 3 under {@code include=*}: a bounded loading cache with a removal listener on its own
 * executor, atomic per-key totals, an async cache on the common pool. Correct use: nothing may
 * be reported. Its twin counts with {@code asMap().get} then {@code put}: the lost update.
 */
class CaffeineIT {
    @Test
    void boundedLoadingAndAsyncCachesUsedCorrectlyAreSilent() throws Exception {
        assertSilent(ChildJvm.of(CaffeineCache.class), "evictions true, all told to the listener true\n");
    }

    @Test
    void aCountKeptWithGetThenPutOnTheCachesMapIsALostUpdate() throws Exception {
        assertLostUpdate(ChildJvm.of(CaffeineCache.class).args("check-then-put"), "alpha counted 1 of 2\n",
            "CaffeineCache.counts com.github.benmanes.caffeine.cache.SSMS alpha",
            "CaffeineCache.count");
    }
}

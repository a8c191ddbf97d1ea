package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.CaffeineCache;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertOnlyTheLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caffeine 3 under {@code include=*}: a bounded loading cache with a removal listener on its own
 * executor, atomic per-key totals, an async cache on the common pool. Correct use: nothing may
 * be reported. Its twin counts with {@code asMap().get} then {@code put}: the lost update.
 */
class CaffeineIT {
    @Test
    void boundedLoadingAndAsyncCachesUsedCorrectlyAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(CaffeineCache.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("evictions true, all told to the listener true\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    @Test
    void aCountKeptWithGetThenPutOnTheCachesMapIsALostUpdate() throws Exception {
        ChildJvm child = ChildJvm.of(CaffeineCache.class).args("check-then-put");
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("alpha counted 1 of 2\n"), "the lost update happens\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertOnlyTheLostUpdate(agent, "CaffeineCache.counts com.github.benmanes.caffeine.cache.SSMS alpha",
            "CaffeineCache.count");
    }
}

package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.GuavaServices;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertOnlyTheLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guava 33 under {@code include=*}: a {@code LoadingCache}, maps guarded by a {@code Striped<Lock>},
 * {@code ListenableFuture}s joined with {@code Futures.allAsList}, an {@code AsyncEventBus} whose
 * subscriber keeps its state on the bus's thread. Correct use: nothing may be reported.
 */
class GuavaIT {
    @Test
    void cacheStripedLocksFuturesAndAnEventBusAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(GuavaServices.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("loads at least 12 true\n"), "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    @Test
    void aSubscriberThatAllowsConcurrentEventsWithAPlainMapIsALostUpdate() throws Exception {
        ChildJvm child = ChildJvm.of(GuavaServices.class).args("concurrent-subscriber");
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("alpha tallied 1 of 2\n"), "the lost update happens\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertOnlyTheLostUpdate(agent, "Tally.votes java.util.HashMap alpha", "GuavaServices$Tally.vote");
    }
}

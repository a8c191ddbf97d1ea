package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.GuavaServices;

import static io.racewatch.realcode.RealCodeAssertions.assertLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSilent;

/**
 * Guava 33 under {@code include=*}: a {@code LoadingCache}, maps guarded by a {@code Striped<Lock>},
 * {@code ListenableFuture}s joined with {@code Futures.allAsList}, an {@code AsyncEventBus} whose
 * subscriber keeps its state on the bus's thread. Correct use: nothing may be reported.
 */
class GuavaIT {
    @Test
    void cacheStripedLocksFuturesAndAnEventBusAreSilent() throws Exception {
        assertSilent(ChildJvm.of(GuavaServices.class), "loads at least 12 true\n");
    }

    @Test
    void aSubscriberThatAllowsConcurrentEventsWithAPlainMapIsALostUpdate() throws Exception {
        assertLostUpdate(ChildJvm.of(GuavaServices.class).args("concurrent-subscriber"), "alpha tallied 1 of 2\n",
            "Tally.votes java.util.HashMap alpha", "GuavaServices$Tally.vote");
    }
}

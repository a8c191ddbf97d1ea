package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.GuavaServices;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static io.racewatch.realcode.RealCodeAssertions.sites;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        List<JsonNode> rmw = agent.findings("map-rmw");
        assertEquals(agent.findings().size(), rmw.size(), "nothing but the lost update\n" + agent.transcript());
        assertTrue(rmw.size() == 1 || rmw.size() == 2, agent.transcript());
        for (JsonNode f : rmw) {
            assertEquals("Tally.votes java.util.HashMap alpha", f.at("/resource/name").asText() + " "
                + f.at("/resource/class").asText() + " " + f.at("/resource/key").asText(), agent.transcript());
            // One thread's read and write with the other's check between, or its write between.
            String m = "GuavaServices$Tally.vote";
            assertTrue(sites(f).equals(m + " get\n" + m + " put\n" + m + " get\n")
                || sites(f).equals(m + " get\n" + m + " put\n" + m + " put\n"), f.toString());
        }
    }
}

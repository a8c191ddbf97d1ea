package io.racewatch.realcode;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import realprograms.AkkaCounters;

import java.util.List;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static io.racewatch.realcode.RealCodeAssertions.sites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Akka 2.6 classic actors (Scala 2.13 class files, mailboxes built on {@code sun.misc.Unsafe}
 * and a fork/join dispatcher) under the agent: an actor's state moves from dispatcher thread to
 * dispatcher thread with its mailbox, which must order it; an actor whose state its creator
 * keeps touching must still be caught.
 */
class AkkaIT {
    /** Akka, Scala and the driver; the turn-taking helper stays out, so that racewatch does not see it. */
    private static final String INCLUDE = "akka.*:scala.*:com.typesafe.*:realprograms.AkkaCounters*";

    @Test
    void actorsKeepingStateAcrossMessagesAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(AkkaCounters.class).args("actors");
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().startsWith("counted 8000\naudited {k0=1144, k1=1144, k2=1144, k3=1144, k4=1144, k5=1140, k6=1140}\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    @Test
    void anActorsStateTouchedByItsCreatorIsALostUpdate() throws Exception {
        ChildJvm child = ChildJvm.of(AkkaCounters.class).args("leaks-state");
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().startsWith("counted {k0=1} after two increments\n"), "the lost update happens\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent(INCLUDE);
        assertSameProgram(plain, agent);
        // The lost update, seen from each side: the actor's read and write with main's write between
        // (always), and main's read and write overwritten by the actor's write (when both are kept).
        List<JsonNode> rmw = agent.findings("map-rmw");
        assertEquals(agent.findings().size(), rmw.size(), "nothing but the lost update\n" + agent.transcript());
        assertTrue(rmw.size() == 1 || rmw.size() == 2, agent.transcript());
        for (JsonNode f : rmw) {
            assertEquals("Counter.counts java.util.HashMap", f.at("/resource/name").asText() + " " + f.at("/resource/class").asText(),
                agent.transcript());
            assertEquals("k0", f.at("/resource/key").asText(), f.toString());
        }
        assertTrue(rmw.stream().anyMatch(f -> sites(f).equals(
                "AkkaCounters$Counter.onIncr get\nAkkaCounters$Counter.onIncr put\nAkkaCounters.countItself put\n")),
            "the actor's read and write, main's write between\n" + agent.transcript());
    }
}

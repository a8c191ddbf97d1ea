package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.NettyEcho;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static io.racewatch.realcode.RealCodeAssertions.sites;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netty 4.1 under {@code include=*}: channel handlers whose state is confined to their channel's
 * event loop, writes handed from the main thread to an event loop through Netty's own task queue,
 * graceful shutdown of the event loop groups (their scheduled quiet-period checks). Correct use:
 * nothing may be reported.
 */
class NettyIT {
    @Test
    void anEchoServerAndItsClientsAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(NettyEcho.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("echoed 1600\n") && plain.stdout().contains("closed\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    @Test
    void aHandlerSharedByChannelsOnTwoEventLoopsIsALostUpdate() throws Exception {
        ChildJvm child = ChildJvm.of(NettyEcho.class).args("shared-handler");
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("alpha counted 1 of 2\n"), "the lost update happens\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        // Seen from the first channel's side always (its read and write with the second's write
        // between), from the second's when both are kept (its write overwritten by the first's).
        List<JsonNode> rmw = agent.findings("map-rmw");
        assertEquals(agent.findings().size(), rmw.size(), "nothing but the lost update\n" + agent.transcript());
        assertTrue(rmw.size() == 1 || rmw.size() == 2, agent.transcript());
        for (JsonNode f : rmw) {
            assertEquals("SharedCounter.counts java.util.HashMap alpha", f.at("/resource/name").asText() + " "
                + f.at("/resource/class").asText() + " " + f.at("/resource/key").asText(), agent.transcript());
            // One thread's read and write with the other's check between, or its write between.
            String m = "NettyEcho$SharedCounter.channelRead0";
            assertTrue(sites(f).equals(m + " get\n" + m + " put\n" + m + " get\n")
                || sites(f).equals(m + " get\n" + m + " put\n" + m + " put\n"), f.toString());
        }
    }
}

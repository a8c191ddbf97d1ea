package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.NettyEcho;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertOnlyTheLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
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
        assertOnlyTheLostUpdate(agent, "SharedCounter.counts java.util.HashMap alpha", "NettyEcho$SharedCounter.channelRead0");
    }
}

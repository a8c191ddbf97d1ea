package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.NettyEcho;

import static io.racewatch.realcode.RealCodeAssertions.assertLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSilent;

/**
 * Netty 4.1 under {@code include=*}: channel handlers whose state is confined to their channel's
 * event loop, writes handed from the main thread to an event loop through Netty's own task queue,
 * graceful shutdown of the event loop groups (their scheduled quiet-period checks). Correct use:
 * nothing may be reported.
 */
class NettyIT {
    @Test
    void anEchoServerAndItsClientsAreSilent() throws Exception {
        assertSilent(ChildJvm.of(NettyEcho.class), "echoed 1600\n", "closed\n");
    }

    @Test
    void aHandlerSharedByChannelsOnTwoEventLoopsIsALostUpdate() throws Exception {
        assertLostUpdate(ChildJvm.of(NettyEcho.class).args("shared-handler"), "alpha counted 1 of 2\n",
            "SharedCounter.counts java.util.HashMap alpha", "NettyEcho$SharedCounter.channelRead0");
    }
}

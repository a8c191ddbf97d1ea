package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.JettyCounters;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertOnlyTheLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jetty 12 under {@code include=*}: a server on loopback, its thread pool, selectors and
 * connections' idle timers, a handler keeping counts in a concurrent map and a plain map under its
 * monitor, four JDK HTTP clients, the server stopped at the end. Correct use: nothing may be
 * reported. Its twin's handler counts in a plain map reached by two requests at once.
 */
class JettyIT {
    @Test
    void aServerAndItsClientsAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(JettyCounters.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("clients received ") && plain.stdout().contains("stopped\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    @Test
    void aHandlerCountingInAPlainMapIsALostUpdate() throws Exception {
        ChildJvm child = ChildJvm.of(JettyCounters.class).args("shared-map");
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("alpha counted 1 of 2\n"), "the lost update happens\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertOnlyTheLostUpdate(agent, "PlainCounter.hits java.util.HashMap /alpha", "JettyCounters$PlainCounter.handle");
    }
}

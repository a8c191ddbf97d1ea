package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.JettyCounters;

import static io.racewatch.realcode.RealCodeAssertions.assertLostUpdate;
import static io.racewatch.realcode.RealCodeAssertions.assertSilent;

/**
 * Jetty 12 under {@code include=*}: a server on loopback, its thread pool, selectors and
 * connections' idle timers, a handler keeping counts in a concurrent map and a plain map under its
 * monitor, four JDK HTTP clients, the server stopped at the end. Correct use: nothing may be
 * reported. Its twin's handler counts in a plain map reached by two requests at once.
 */
class JettyIT {
    @Test
    void aServerAndItsClientsAreSilent() throws Exception {
        assertSilent(ChildJvm.of(JettyCounters.class), "clients received ", "stopped\n");
    }

    @Test
    void aHandlerCountingInAPlainMapIsALostUpdate() throws Exception {
        assertLostUpdate(ChildJvm.of(JettyCounters.class).args("shared-map"), "alpha counted 1 of 2\n",
            "PlainCounter.hits java.util.HashMap /alpha", "JettyCounters$PlainCounter.handle");
    }
}

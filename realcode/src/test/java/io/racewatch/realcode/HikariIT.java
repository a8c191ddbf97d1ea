package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.HikariPool;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HikariCP 6 and H2 2.3 under {@code include=*}: a connection returned by one client is used by
 * another, handed over inside HikariCP's {@code ConcurrentBag} (a {@code SynchronousQueue}, a
 * {@code CopyOnWriteArrayList} and an atomic field updater on the entry's state), and H2's
 * connection and session objects go with it. Correct use: nothing may be reported.
 */
class HikariIT {
    @Test
    void clientsSharingAPoolOfConnectionsAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(HikariPool.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().startsWith("failures 0\n") && plain.stdout().contains("total 1800\n")
            && plain.stdout().contains("active after 0\n"), "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }
}

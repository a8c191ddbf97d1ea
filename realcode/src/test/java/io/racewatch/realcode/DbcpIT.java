package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.DbcpPool;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** commons-dbcp 1.2.2 over commons-pool 1.5.x (pre-Java-7 class files) under {@code include=*}. */
class DbcpIT {
    @Test
    void threadsBorrowingAndReturningConnectionsAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(DbcpPool.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("failures 0\n") && plain.stdout().contains("active after 0\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }
}

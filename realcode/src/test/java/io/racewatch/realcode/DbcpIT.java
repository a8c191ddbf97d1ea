package io.racewatch.realcode;

import org.junit.jupiter.api.Test;
import realprograms.DbcpPool;

import static io.racewatch.realcode.RealCodeAssertions.assertOnlyTheLibrarysOwnRace;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** commons-dbcp 1.2.2 over commons-pool 1.5.x (pre-Java-7 class files) under {@code include=*}. */
class DbcpIT {
    @Test
    void threadsBorrowingAndReturningConnectionsShowOnlyDbcpsOwnInversion() throws Exception {
        ChildJvm child = ChildJvm.of(DbcpPool.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains("failures 0\n") && plain.stdout().contains("active after 0\n"),
            "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        // dbcp 1.2.2 over pool 1.5: closing the pool holds the pool's monitor and takes each idle
        // connection's trace lock (GenericObjectPool.close -> AbandonedTrace.clearTrace), while a
        // client closing its connection holds that lock and returns it into the pool's monitor
        // (PoolableConnection.close -> GenericObjectPool.addObjectToPool): a real deadlock if the
        // pool is closed while a connection is being returned.
        assertOnlyTheLibrarysOwnRace(agent, "lock-order", "GenericObjectPool.this <-> lock at AbandonedTrace.addTrace:175",
            "dbcp 1.2.2's pool close against a connection's close");
    }
}

package io.racewatch.realcode;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import realprograms.DerbyBank;

import java.util.Set;
import java.util.TreeSet;

import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apache Derby 10.10 embedded (Java 1.4 class files) under {@code include=*}: its own lock
 * manager, caches, daemons and data dictionary behind concurrent JDBC clients. Its
 * {@code ConcurrentCache.getEntry} locks a fresh {@code CacheEntry} before {@code putIfAbsent} and,
 * when another thread's entry wins, drops the fresh one still locked (nobody can reach it): that
 * thread holds it for good, and no lock order through it may show (see {@code AbandonedLocksIT}).
 */
class DerbyIT {
    /**
     * The one report this run may make, a warning: a client compiling a statement holds its table's
     * descriptor ({@code TableDescriptor.getStatistics}) and faults in SYSSTATISTICS' catalog info
     * ({@code synchronized (ti)} in {@code DataDictionaryImpl.faultInTabInfo}); booting, the main
     * thread holds a catalog's info there and fills in that catalog's descriptor
     * ({@code synchronized (td)} in {@code finishTableDescriptor}). The second descriptor is one
     * {@code getUncachedTableDescriptor} has just built and not yet published, so no other thread
     * can hold it: the cycle closes on lock names only, never on one object, and cannot deadlock.
     */
    private static final Set<String> DICTIONARY_NAMES =
        Set.of("lock at DataDictionaryImpl.finishTableDescriptor", "lock at DataDictionaryImpl.faultInTabInfo");

    @Test
    void concurrentTransfersKeepTheirOutputAndShowOnlyKnownLockOrders() throws Exception {
        ChildJvm child = ChildJvm.of(DerbyBank.class);
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().startsWith("failures 0\n") && plain.stdout().contains("money conserved true\n")
            && plain.stdout().contains("audited transfers 240\n"), "the driver works without the agent\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        for (JsonNode f : agent.findings()) {
            assertEquals("lock-order", f.path("kind").asText(), "no map finding: Derby's maps are guarded\n" + agent.transcript());
            Set<String> locks = new TreeSet<>(Set.of(f.at("/resource/name").asText().split(" <-> ")));
            assertEquals("lock-order warning", f.path("kind").asText() + " " + f.path("severity").asText(),
                "no map finding and no error: Derby's maps are guarded, its dictionary cycle is on names only\n"
                    + agent.transcript());
            assertEquals(new TreeSet<>(DICTIONARY_NAMES), locks, "only the dictionary's name-level cycle may show\n" + agent.transcript());
        }
    }
}

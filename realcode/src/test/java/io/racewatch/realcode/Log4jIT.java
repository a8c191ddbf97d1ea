package io.racewatch.realcode;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import realprograms.Log4jLockOrder;
import realprograms.Log4jManyThreads;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.racewatch.realcode.RealCodeAssertions.assertNoFinding;
import static io.racewatch.realcode.RealCodeAssertions.assertSameProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * log4j 1.2.17 (class files of Java 1.4) under {@code include=*}, where it only orders, and named in
 * {@code include}, where it is checked: its monitors are mostly synchronized methods.
 */
class Log4jIT {
    @Test
    void threadsLoggingThroughOneHierarchyAreSilent() throws Exception {
        ChildJvm child = ChildJvm.of(Log4jManyThreads.class);
        ChildJvm.Run plain = child.plain();
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    /**
     * Bugzilla 41214: Category.callAppenders holds a category's monitor and calls the synchronized
     * AppenderSkeleton.doAppend; a message that logs while rendered takes them the other way round.
     */
    @Test
    void theCategoryAppenderInversionIsALockOrderInLog4jsOwnCode() throws Exception {
        ChildJvm child = ChildJvm.of(Log4jLockOrder.class);
        ChildJvm.Run plain = child.plain();
        // log4j 1 is checked only when an include names it (include=* alone keeps it ordering-only).
        ChildJvm.Run agent = child.underAgent("*:org.apache.log4j.*");
        assertSameProgram(plain, agent);

        List<JsonNode> findings = agent.findings();
        assertEquals(1, findings.size(), "exactly the inversion\n" + agent.transcript());
        JsonNode inversion = findings.get(0);
        assertEquals("lock-order", inversion.path("kind").asText(), agent.transcript());
        Set<String> methods = new TreeSet<>();
        Set<String> threads = new TreeSet<>();
        for (JsonNode access : inversion.path("accesses")) {
            methods.add(access.at("/site/class").asText() + "." + access.at("/site/method").asText());
            threads.add(access.path("thread").asText());
        }
        assertEquals(Set.of("org.apache.log4j.Category.callAppenders", "org.apache.log4j.AppenderSkeleton.doAppend"),
            methods, "both edges are taken in log4j's code\n" + agent.transcript());
        assertTrue(threads.containsAll(Set.of("plain", "rendering")), "one order per thread: " + threads + "\n" + agent.transcript());
    }
}

package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import testprograms.TryLockOrders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acquisitions that can give up add no lock-order edge, and locks are named after the field
 * their receiver (or monitor) came from, whatever was loaded after it.
 */
class TryLocksIT {
    @TempDir
    Path report;

    private static int line(String marker) {
        return SourceLines.of(TryLockOrders.class, marker);
    }

    private static Set<Integer> lines(JsonNode finding) {
        return StreamSupport.stream(finding.get("accesses").spliterator(), false)
            .map(a -> a.at("/site/line").asInt()).collect(Collectors.toSet());
    }

    private List<String> lockNames() throws Exception {
        JsonNode all = new ObjectMapper().readTree(report.resolve("lock-waits.json").toFile());
        List<String> names = new ArrayList<>();
        all.get("locks").forEach(l -> names.add(l.get("name").asText()));
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"try-backoff", "stamped-try"})
    void oppositeOrdersWhoseInnerLockIsATryLockCannotDeadlock(String mode) throws Exception {
        AgentRun.Result r = AgentRun.of(TryLockOrders.class).args(mode).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of(), r.findings(), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        List<String> names = lockNames();
        assertTrue(names.contains("TryLockOrders.ledger"), names.toString());
        String inner = mode.equals("try-backoff") ? "TryLockOrders.journal" : "TryLockOrders.index";
        assertTrue(names.contains(inner), "named after the receiver, not the TimeUnit argument: " + names);
        assertTrue(names.stream().noneMatch(n -> n.contains("TimeUnit") || n.contains("MILLISECONDS")), names.toString());
    }

    @Test
    void theSameOrdersWithPlainLockAreReportedWithBothSites() throws Exception {
        AgentRun.Result r = AgentRun.of(TryLockOrders.class).args("plain").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        assertEquals(Set.of(line("@outer-lj"), line("@inner-lj"), line("@outer-jl"), line("@inner-jl")), lines(found.get(0)));
        String name = found.get(0).at("/resource/name").asText();
        assertTrue(name.contains("TryLockOrders.ledger") && name.contains("TryLockOrders.journal"), name);
    }

    @Test
    void aMonitorReadFromAFieldBeforeOtherLoadsIsNamedAfterTheField() throws Exception {
        AgentRun.Result r = AgentRun.of(TryLockOrders.class).args("monitor").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), r.transcript());
        assertEquals(Set.of(line("@outer-rl"), line("@inner-rl"), line("@outer-lr"), line("@inner-lr")), lines(found.get(0)));
        String name = found.get(0).at("/resource/name").asText();
        assertTrue(name.contains("TryLockOrders.registry") && name.contains("TryLockOrders.ledger"), name);
        assertTrue(lockNames().contains("TryLockOrders.registry"), lockNames().toString());
    }
}

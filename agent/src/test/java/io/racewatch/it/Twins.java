package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clean-and-racy twin pattern of the happens-before tests. A program takes a mechanism's
 * name and {@code clean} or {@code racy}, bumps one HashMap key {@code k} with get-then-put at
 * the lines marked {@code @read} and {@code @write}, and prints {@code <mechanism> count=<n>}.
 * The clean program is ordered by the mechanism and must be silent; its racy twin has the
 * ordering broken, takes its turns through a signal racewatch cannot see, and must be reported
 * there, as a predicted race (the updates never overlapped in real time).
 */
final class Twins {
    private Twins() {
    }

    /**
     * The twin's run. Long holds are out of scope here and hold times depend on the machine's
     * load, so the hold threshold is set out of reach: any finding left is about ordering.
     */
    static AgentRun run(Class<?> program, String mechanism, String twin, List<String> options) {
        AgentRun run = AgentRun.of(program).args(mechanism, twin).option("holdThresholdMs=600000");
        options.forEach(run::option);
        return run;
    }

    /** Runs the clean program and checks it ran to the end without any finding. */
    static AgentRun.Result assertClean(AgentRun run, String mechanism, Path report) throws Exception {
        AgentRun.Result r = run.run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().startsWith(mechanism + " count="), r.transcript());
        assertEquals(List.of(), r.findings(), mechanism + " orders the two updates; found:\n" + summary(r) + r.transcript());
        assertNoAgentFailure(r);
        return r;
    }

    /** Runs the racy twin and checks it is reported at both sites of the update, by two threads. */
    static JsonNode assertRacy(AgentRun run, Class<?> program, String mechanism, Path report) throws Exception {
        AgentRun.Result r = run.run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().startsWith(mechanism + " count="), r.transcript());
        return assertReportedAtBump(r, program, mechanism);
    }

    /** A map-rmw on key {@code k} of a HashMap, at {@code @read} then {@code @write}, predicted. */
    static JsonNode assertReportedAtBump(AgentRun.Result r, Class<?> program, String mechanism) throws Exception {
        JsonNode f = sameCodeRmw(r, program, "@read", "@write");
        assertRmwShape(f, "get");
        assertFalse(f.get("observed").asBoolean(),
            mechanism + ": the threads took turns, so the race is predicted, not observed: " + f);
        assertEquals("java.util.HashMap", f.at("/resource/class").asText());
        assertEquals("k", f.at("/resource/key").asText());
        assertNoAgentFailure(r);
        return f;
    }
}

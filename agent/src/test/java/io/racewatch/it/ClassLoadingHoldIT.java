package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.LoadingHold;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds are the application's: a lock held while 300 classes load (and are rewritten by
 * racewatch: seconds of work on a busy machine, while the JVM alone takes a fraction of that) and a lambda links inside it is no long hold;
 * a socket read inside a lock is, and the finding blames the read, never the class loader or
 * racewatch's own frames.
 */
class ClassLoadingHoldIT {
    @TempDir
    Path report;

    @Test
    void classLoadingInsideALockIsNotTheApplicationsHoldButASlowReadIs() throws Exception {
        AgentRun.Result r = AgentRun.of(LoadingHold.class).option("holdThresholdMs=3000").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(List.of("loaded total=89700", "read timed out"), r.stdout().lines().toList(), r.transcript());

        List<JsonNode> holds = r.findings("lock-hold");
        assertEquals(1, holds.size(), "only the socket read is a long hold:\n" + summary(r));
        JsonNode f = findingAt(r, "lock-hold", LoadingHold.class, "@lock-io", "@unlock-io", "@unlock-io");
        assertEquals("LoadingHold.connectionLock", f.at("/resource/name").asText());
        String message = f.get("message").asText();
        for (String blamed : List.of("TransformerManager", "InvokerBytecodeGenerator", "executePrivileged", "ClassLoader",
            "io.racewatch")) {
            assertFalse(message.contains(blamed), "the message blames " + blamed + ": " + message);
            assertFalse(f.at("/accesses/2/stack").toString().contains(blamed), "the sample shows " + blamed + ": " + f);
        }
        assertTrue(f.at("/accesses/2/stack").toString().contains("LoadingHold.main"), f.toString());
    }
}

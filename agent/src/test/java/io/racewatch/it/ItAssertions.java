package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions shared by the child-JVM tests: finding sites named by source markers, the access
 * shape of a map-rmw, deduplication, and a stderr free of agent failures.
 */
final class ItAssertions {
    /** A Java throwable's first line: {@code java.lang.IllegalStateException: boom}, alone on its line. */
    private static final Pattern THROWABLE_LINE =
        Pattern.compile("^\\s*(Caused by: |Suppressed: )?([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error)(: .*)?$");
    /** A stack frame of racewatch's own code: findings never show them, so they come from a failure. */
    private static final Pattern AGENT_FRAME = Pattern.compile("^\\s*at io\\.racewatch\\.");
    private static final List<String> FAILURE_WORDS = List.of("Exception in thread", "internal error", "VerifyError",
        "NoClassDefFoundError", "ClassCircularityError", "LinkageError", "StackOverflowError", "OutOfMemoryError",
        "IncompatibleClassChangeError", "ExceptionInInitializerError");

    private ItAssertions() {
    }

    /** Where a finding's access happened, for messages: {@code class.method(file:line) by thread, op}. */
    static String describe(JsonNode access) {
        JsonNode s = access.get("site");
        return s.path("class").asText() + "." + s.path("method").asText() + "(" + s.path("file").asText() + ":"
            + s.path("line").asInt() + ") " + access.path("thread").asText() + " " + access.path("op").asText();
    }

    /** Whether {@code access} happened at the line of {@code marker} in {@code program}'s source. */
    static boolean at(JsonNode access, Class<?> program, String marker) {
        JsonNode site = access.path("site");
        return site.path("class").asText().equals(program.getName())
            && site.path("line").asInt() == SourceLines.of(program, marker);
    }

    /** The one finding of {@code kind} whose accesses are exactly at these markers, in this order. */
    static JsonNode findingAt(AgentRun.Result r, String kind, Class<?> program, String... markers) throws IOException {
        List<JsonNode> candidates = r.findings(kind);
        for (JsonNode f : candidates) {
            JsonNode accesses = f.path("accesses");
            if (accesses.size() != markers.length) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < markers.length; i++) {
                all &= at(accesses.get(i), program, markers[i]);
            }
            if (all) {
                return f;
            }
        }
        List<String> wanted = new ArrayList<>();
        for (String m : markers) {
            wanted.add(m + "=" + program.getSimpleName() + ".java:" + SourceLines.of(program, m));
        }
        return fail("no " + kind + " finding with accesses at " + wanted + "; findings:\n" + summary(r) + "\n" + r.transcript());
    }

    /**
     * A map-rmw where both threads run the same get-then-put code: the third access is the other
     * thread's write, or the same check made by the other thread (a read at the read site) when
     * that is what racewatch saw first. Both are documented forms of the one finding.
     */
    static JsonNode sameCodeRmw(AgentRun.Result r, Class<?> program, String read, String write) throws IOException {
        for (JsonNode f : r.findings("map-rmw")) {
            JsonNode a = f.path("accesses");
            if (a.size() == 3 && at(a.get(0), program, read) && at(a.get(1), program, write)
                && (at(a.get(2), program, write) || at(a.get(2), program, read))) {
                return f;
            }
        }
        return findingAt(r, "map-rmw", program, read, write, write); // fails, listing what was found
    }

    /**
     * The shape every map-rmw must have: the racing thread's read, then its write (same thread),
     * then another thread's conflicting access (its write, or the same check), with the ops the contract names.
     */
    static void assertRmwShape(JsonNode f, String readOp) {
        JsonNode a = f.path("accesses");
        assertEquals(3, a.size(), f.toString());
        assertEquals(readOp, a.get(0).path("op").asText(), "the racing read: " + f);
        assertEquals("put", a.get(1).path("op").asText(), "the racing write: " + f);
        String otherOp = a.get(2).path("op").asText();
        assertTrue(otherOp.equals("put") || otherOp.equals(readOp), "the other thread's write or same check: " + f);
        assertEquals(a.get(0).path("thread").asText(), a.get(1).path("thread").asText(), "read and write by one thread: " + f);
        assertFalse(a.get(0).path("thread").asText().equals(a.get(2).path("thread").asText()),
            "the conflicting access is by another thread: " + f);
        assertEquals("map", f.at("/resource/type").asText(), f.toString());
        assertTrue(f.path("observed").isBoolean(), "observed is a boolean: " + f);
        assertTrue(f.path("count").isIntegralNumber() && f.path("count").asInt() >= 1, "count >= 1: " + f);
        assertTrue(f.path("message").isTextual() && !f.path("message").asText().isBlank(), "a message: " + f);
        assertTrue(f.path("history").isArray(), "a history: " + f);
        for (JsonNode access : a) {
            assertTrue(access.path("stack").isArray(), "every access has a stack array: " + f);
            assertFalse(access.at("/site/method").asText().isBlank(), "every site names its method: " + f);
            assertTrue(access.at("/site/file").asText().endsWith(".java"), "every site names its file: " + f);
        }
    }

    /** One line per finding: findings.jsonl never holds two lines of one kind at the same sites. */
    static void assertDeduplicated(AgentRun.Result r) throws IOException {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JsonNode f : r.findings()) {
            StringBuilder key = new StringBuilder(f.path("kind").asText());
            for (JsonNode access : f.path("accesses")) {
                key.append(' ').append(access.at("/site/class").asText()).append(':').append(access.at("/site/line").asInt());
            }
            seen.merge(key.toString(), 1, Integer::sum);
        }
        seen.forEach((key, n) -> assertEquals(1, n, "findings.jsonl has " + n + " lines for " + key + "\n" + summary(r)));
    }

    /** stderr shows no failure of the agent: no throwable, no racewatch frame, no linkage or verify error. */
    static void assertNoAgentFailure(AgentRun.Result r) {
        for (String line : r.stderr().lines().toList()) {
            for (String word : FAILURE_WORDS) {
                assertFalse(line.contains(word), "stderr line shows a failure: " + line + "\n" + r.transcript());
            }
            assertFalse(THROWABLE_LINE.matcher(line).matches(), "stderr line is a throwable: " + line + "\n" + r.transcript());
            assertFalse(AGENT_FRAME.matcher(line).find(), "stderr line is a racewatch frame: " + line + "\n" + r.transcript());
        }
    }

    /** findings.jsonl, one line per finding, accesses summarized: for failure messages. */
    static String summary(AgentRun.Result r) {
        StringBuilder out = new StringBuilder();
        try {
            for (JsonNode f : r.findings()) {
                out.append(f.path("kind").asText()).append(" observed=").append(f.path("observed"))
                    .append(" key=").append(f.at("/resource/key")).append(" count=").append(f.path("count")).append('\n');
                for (JsonNode a : f.path("accesses")) {
                    out.append("    ").append(describe(a)).append('\n');
                }
            }
        } catch (IOException e) {
            out.append("(findings.jsonl unreadable: ").append(e).append(")");
        }
        return out.length() == 0 ? "(none)" : out.toString();
    }

    /** report.txt, or fails saying it is missing. */
    static String reportText(Path reportDir) throws IOException {
        Path file = reportDir.resolve("report.txt");
        assertTrue(Files.isRegularFile(file), "report.txt written at exit in " + reportDir);
        return Files.readString(file);
    }
}

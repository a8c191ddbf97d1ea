package io.racewatch.realcode;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every real-code run must show: the program unchanged by the agent, and the agent not failing. */
final class RealCodeAssertions {
    /** A Java throwable's first line, alone on its line. */
    private static final Pattern THROWABLE_LINE =
        Pattern.compile("^\\s*(Exception in thread .*|(Caused by: |Suppressed: )?([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error)(: .*)?)$");
    /** A stack frame of racewatch's own code: findings never show them, so they come from a failure. */
    private static final Pattern AGENT_FRAME = Pattern.compile("^\\s*at io\\.racewatch\\.");
    private static final List<String> FAILURE_WORDS = List.of("internal error", "VerifyError", "NoClassDefFoundError",
        "ClassCircularityError", "LinkageError", "StackOverflowError", "OutOfMemoryError",
        "IncompatibleClassChangeError", "ExceptionInInitializerError", "AbstractMethodError", "NoSuchMethodError");

    private RealCodeAssertions() {
    }

    /**
     * The baseline run succeeded, and the run under the agent exited the same way with the same
     * stdout, and its stderr shows no failure of the agent or of the program.
     */
    static void assertSameProgram(ChildJvm.Run plain, ChildJvm.Run agent) {
        assertEquals(0, plain.exitCode(), "the driver without the agent must succeed\n" + plain.transcript());
        assertTrue(plain.stdout().lines().count() > 1, "the driver prints its results\n" + plain.transcript());
        assertEquals(plain.exitCode(), agent.exitCode(), "exit code under the agent\n" + agent.transcript());
        assertEquals(plain.stdout(), agent.stdout(), "stdout under the agent\n" + agent.transcript());
        for (String line : agent.stderr().lines().toList()) {
            for (String word : FAILURE_WORDS) {
                assertFalse(line.contains(word), "stderr line shows a failure: " + line + "\n" + agent.transcript());
            }
            assertFalse(THROWABLE_LINE.matcher(line).matches(), "stderr line is a throwable: " + line + "\n" + agent.transcript());
            assertFalse(AGENT_FRAME.matcher(line).find(), "stderr line is a racewatch frame: " + line + "\n" + agent.transcript());
        }
    }

    /**
     * Runs a driver of correct code without the agent, whose output must contain each of
     * {@code markers} (the driver works), then under it: the same program, and silent.
     */
    static void assertSilent(ChildJvm child, String... markers) throws IOException, InterruptedException {
        ChildJvm.Run plain = child.plain();
        for (String marker : markers) {
            assertTrue(plain.stdout().contains(marker), "the driver works without the agent\n" + plain.transcript());
        }
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertNoFinding(agent);
    }

    /**
     * Runs a racy twin without the agent, whose output must show the lost update ({@code lost}),
     * then under it: the same program, and the lost update reported (see {@link #assertOnlyTheLostUpdate}).
     */
    static void assertLostUpdate(ChildJvm child, String lost, String resource, String method)
        throws IOException, InterruptedException {
        ChildJvm.Run plain = child.plain();
        assertTrue(plain.stdout().contains(lost), "the lost update happens\n" + plain.transcript());
        ChildJvm.Run agent = child.underAgent();
        assertSameProgram(plain, agent);
        assertOnlyTheLostUpdate(agent, resource, method);
    }

    /** Correct code: not a single finding of any kind. */
    static void assertNoFinding(ChildJvm.Run agent) throws IOException {
        assertTrue(agent.findings().isEmpty(), "correct code must be silent\n" + agent.transcript());
    }

    /**
     * The driver's use is correct, but the library has a real race of its own that this run may
     * show (whether it does depends on the interleaving): every finding must be that one.
     *
     * @param kind     the finding's kind
     * @param resource its resource name
     * @param why      why it is a real race, for the failure message
     */
    static void assertOnlyTheLibrarysOwnRace(ChildJvm.Run agent, String kind, String resource, String why) throws IOException {
        for (com.fasterxml.jackson.databind.JsonNode f : agent.findings()) {
            assertEquals(kind + " " + resource, f.path("kind").asText() + " " + f.at("/resource/name").asText(),
                "the only finding this run may make: " + why + "\n" + agent.transcript());
        }
    }

    /** A finding's accesses, one line each: simple class name, method and operation. */
    static String sites(com.fasterxml.jackson.databind.JsonNode finding) {
        StringBuilder s = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode a : finding.path("accesses")) {
            String cls = a.at("/site/class").asText();
            s.append(cls.substring(cls.lastIndexOf('.') + 1)).append('.').append(a.at("/site/method").asText())
                .append(' ').append(a.path("op").asText()).append('\n');
        }
        return s.toString();
    }

    /**
     * The driver's racy twin: two threads of the same method take turns on one key of a plain
     * map so that one count is lost. Nothing but that lost update is reported, once or from both
     * sides, each time as one thread's read and write with the other's check or write between.
     *
     * @param resource the map's name, class and the key, space-separated
     * @param method   the racing method as {@code SimpleClass$Inner.method}
     */
    static void assertOnlyTheLostUpdate(ChildJvm.Run agent, String resource, String method) throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> rmw = agent.findings("map-rmw");
        assertEquals(agent.findings().size(), rmw.size(), "nothing but the lost update\n" + agent.transcript());
        assertTrue(rmw.size() == 1 || rmw.size() == 2, agent.transcript());
        for (com.fasterxml.jackson.databind.JsonNode f : rmw) {
            assertEquals(resource, f.at("/resource/name").asText() + " " + f.at("/resource/class").asText() + " "
                + f.at("/resource/key").asText(), agent.transcript());
            String readAndWrite = method + " get\n" + method + " put\n";
            assertTrue(sites(f).equals(readAndWrite + method + " get\n") || sites(f).equals(readAndWrite + method + " put\n"),
                f.toString());
        }
    }
}

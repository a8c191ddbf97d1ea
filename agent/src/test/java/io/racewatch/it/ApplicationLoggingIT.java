package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.LoggingSetUpInMain;
import testprograms.Slf4jApiOnly;

import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * racewatch never initializes the application's logging: it writes to standard error until the
 * program has loaded SLF4J itself, then through it. A program with SLF4J's API and no provider
 * prints what it prints without the agent (SLF4J's warning once, when the program asks for a
 * logger), apart from racewatch's own lines; a program that configures its backend in
 * {@code main} gets its configuration, and racewatch's later lines follow it.
 */
class ApplicationLoggingIT {
    private static final String RACEWATCH_ON_STDERR = "racewatch: ";
    private static final String RACEWATCH_THROUGH_SLF4J = "INFO racewatch - ";

    @TempDir
    Path report;

    @Test
    void slf4jWithoutAProviderWarnsWhereTheProgramAsksForALoggerAndOnlyThen() throws Exception {
        PlainRun.Output plain = PlainRun.run(Slf4jApiOnly.class, List.of(jarOf(org.slf4j.LoggerFactory.class)));
        List<String> plainErr = plain.stderr().lines().toList();
        assertEquals("main starts", plainErr.get(0), plain.stderr());
        assertTrue(plainErr.get(1).startsWith("SLF4J(W): No SLF4J providers were found"), "SLF4J warns when main asks: " + plain.stderr());

        AgentRun.Result r = AgentRun.of(Slf4jApiOnly.class).classPathOf(org.slf4j.LoggerFactory.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(plain.stdout(), r.stdout(), r.transcript());
        assertEquals(plainErr, r.stderr().lines().filter(l -> !l.startsWith(RACEWATCH_ON_STDERR)).toList(),
            "stderr as without the agent, apart from racewatch's lines\n" + r.transcript());
        // SLF4J without a backend logs nowhere: racewatch's own lines stay on standard error.
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith(RACEWATCH_ON_STDERR) && l.contains("0 findings")), r.transcript());
        assertNoAgentFailure(r);
    }

    @Test
    void loggingConfiguredInMainKeepsItsConfigurationAndRacewatchLogsThroughItAfterwards() throws Exception {
        PlainRun.Output plain = PlainRun.run(LoggingSetUpInMain.class,
            List.of(jarOf(org.slf4j.LoggerFactory.class), jarOf(org.slf4j.simple.SimpleLogger.class)));
        assertEquals(List.of("INFO app - configured in main"), plain.stdout().lines().toList(), "configured as main says: " + plain);

        AgentRun.Result r = AgentRun.of(LoggingSetUpInMain.class)
            .classPathOf(org.slf4j.LoggerFactory.class).classPathOf(org.slf4j.simple.SimpleLogger.class).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        List<String> out = r.stdout().lines().toList();
        assertEquals(plain.stdout().lines().toList(), out.stream().filter(l -> !l.startsWith(RACEWATCH_THROUGH_SLF4J)).toList(),
            "the program's logging configured by its main\n" + r.transcript());
        // Once the program has its logging, racewatch's lines (the exit summary) go through it, configured as main said.
        assertTrue(out.stream().anyMatch(l -> l.startsWith(RACEWATCH_THROUGH_SLF4J) && l.contains("0 findings")), r.transcript());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("SLF4J")), r.transcript());
        assertNoAgentFailure(r);
    }

    private static String jarOf(Class<?> c) throws java.net.URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

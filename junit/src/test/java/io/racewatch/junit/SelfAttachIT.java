package io.racewatch.junit;

import fixtures.racy.AttributionCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A test JVM started without -javaagent: racewatch attaches itself, or says in one line that it could not. */
class SelfAttachIT {
    @TempDir
    Path report;

    private record Run(String stdout, String stderr) {
        String transcript() {
            return "--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Run launch(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-Dracewatch.agentOptions=include=fixtures.racy.*,report=" + report,
            "-cp", System.getProperty("racewatch.childClasspath"), ChildLauncher.class.getName(), AttributionCases.class.getName()));
        Path out = Files.createTempFile(report, "child", ".out");
        Path err = Files.createTempFile(report, "child", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 120 s:\n" + Files.readString(err));
        }
        return new Run(Files.readString(out), Files.readString(err));
    }

    @Test
    void attachesItselfAndFailsTheRacyTest() throws Exception {
        Run run = launch();
        assertTrue(run.stdout().contains("RESULT racyThreads() FAILED racewatch: 1 race during this test"), run.transcript());
        assertTrue(run.stdout().contains("RESULT clean() SUCCESSFUL"), run.transcript());
        String findings = Files.readString(report.resolve("findings.jsonl"));
        assertTrue(findings.contains("\"test\":\"fixtures.racy.AttributionCases.racyThreads()\""), findings);
        assertTrue(Files.exists(report.resolve("racewatch.sarif")), "SARIF written at exit");
        assertTrue(run.stderr().contains("racewatch: test run: "), "the run's summary: " + run.transcript());
    }

    @Test
    void saysInOneLineThatItCannotAttachAndTheTestsRunUnwatched() throws Exception {
        Run run = launch("-XX:+DisableAttachMechanism");
        assertTrue(run.stdout().contains("RESULT racyThreads() SUCCESSFUL"), run.transcript());
        long lines = run.stderr().lines().filter(l -> l.contains("NOT WATCHING")).count();
        assertEquals(1, lines, run.transcript());
    }
}

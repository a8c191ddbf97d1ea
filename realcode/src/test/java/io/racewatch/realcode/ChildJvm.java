package io.racewatch.realcode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a driver of a real library in a child JVM, once without the agent and once under it with
 * {@code include=*}: the driver, the libraries and nothing of the test harness on its class path.
 */
final class ChildJvm {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a child under the agent instruments every class it loads on a shared 2-core machine. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Class<?> driver;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    private ChildJvm(Class<?> driver) {
        this.driver = driver;
    }

    /** A child JVM that runs {@code driver}'s {@code main}. */
    static ChildJvm of(Class<?> driver) {
        return new ChildJvm(driver);
    }

    /** JVM options given to both runs (with and without the agent). */
    ChildJvm jvmArgs(String... options) {
        jvmArgs.addAll(List.of(options));
        return this;
    }

    /** Arguments of the driver's {@code main}. */
    ChildJvm args(String... programArgs) {
        args.addAll(List.of(programArgs));
        return this;
    }

    /** The driver run without the agent: the baseline. */
    Run plain() throws IOException, InterruptedException {
        return run(List.of(), null);
    }

    /** The driver run under the agent, {@code include=*} (long holds: a minute), reporting into a fresh directory named after it. */
    Run underAgent() throws IOException, InterruptedException {
        return underAgent("*");
    }

    /** {@link #underAgent()} with these {@code include} globs ({@code :}-separated) instead of {@code *}. */
    Run underAgent(String include) throws IOException, InterruptedException {
        Path reports = Path.of(System.getProperty("racewatch.reports", "target/child-runs"));
        Files.createDirectories(reports);
        Path reportDir = Files.createTempDirectory(reports, driver.getSimpleName() + "-");
        Path agentJar = Path.of(System.getProperty("racewatch.agentJar"));
        if (!Files.isRegularFile(agentJar)) {
            throw new AssertionError("agent jar missing: " + agentJar + " (build the agent module first)");
        }
        // Hold durations on a shared machine are not deterministic: these tests judge every other
        // kind, and a hold only when it lasts a minute.
        String agent = "-javaagent:" + agentJar + "=include=" + include + ",holdThresholdMs=60000,report=" + reportDir;
        return run(List.of(agent), reportDir);
    }

    private Run run(List<String> agentOptions, Path reportDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.addAll(jvmArgs);
        command.addAll(agentOptions);
        command.addAll(List.of("-cp", System.getProperty("racewatch.childClasspath"), driver.getName()));
        command.addAll(args);
        Path out = Files.createTempFile("realcode", ".out");
        Path err = Files.createTempFile("realcode", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(driver.getName() + (reportDir == null ? " without" : " under")
                    + " the agent did not finish in " + TIMEOUT_SECONDS + " s\n--- stdout\n" + Files.readString(out)
                    + "\n--- stderr\n" + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err), reportDir);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What a child JVM printed and, under the agent, reported. */
    record Run(int exitCode, String stdout, String stderr, Path reportDir) {
        /**
         * Every finding the run wrote: {@code findings.jsonl}, or the per-JVM {@code findings*.jsonl}
         * files if the report directory holds one file per JVM.
         */
        List<JsonNode> findings() throws IOException {
            List<JsonNode> all = new ArrayList<>();
            if (reportDir == null) {
                return all;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(reportDir)) {
                files = s.filter(f -> f.getFileName().toString().matches("findings.*\\.jsonl")).sorted().toList();
            }
            for (Path file : files) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        all.add(JSON.readTree(line));
                    }
                }
            }
            return all;
        }

        List<JsonNode> findings(String kind) throws IOException {
            return findings().stream().filter(f -> f.path("kind").asText().equals(kind)).toList();
        }

        /** One line per finding and one per access: for assertion messages. */
        String summary() {
            StringBuilder s = new StringBuilder();
            try {
                for (JsonNode f : findings()) {
                    s.append(f.path("kind").asText()).append(' ').append(f.at("/resource/name").asText())
                        .append(" key=").append(f.at("/resource/key")).append(" count=").append(f.path("count")).append('\n');
                    for (JsonNode a : f.path("accesses")) {
                        s.append("    ").append(site(a)).append(' ').append(a.path("thread").asText())
                            .append(' ').append(a.path("op").asText()).append('\n');
                    }
                }
            } catch (IOException e) {
                s.append("(findings unreadable: ").append(e).append(")");
            }
            return s.length() == 0 ? "(no findings)\n" : s.toString();
        }

        /** Everything, for assertion messages. */
        String transcript() {
            return "exit " + exitCode + "\n--- findings\n" + summary() + "--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** {@code class.method(file:line)} of an access. */
    static String site(JsonNode access) {
        JsonNode s = access.path("site");
        return s.path("class").asText() + "." + s.path("method").asText() + "(" + s.path("file").asText() + ":"
            + s.path("line").asInt() + ")";
    }
}

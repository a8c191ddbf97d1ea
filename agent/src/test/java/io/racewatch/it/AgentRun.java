package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test program in a child JVM under the real agent jar and reads what it reported.
 * Programs live in {@code testprograms}; {@code include=testprograms.*} unless told otherwise.
 */
final class AgentRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String mainClass;
    private final List<String> options = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private String agentArgument;
    private String classpath = System.getProperty("racewatch.testClasses");

    private AgentRun(String mainClass) {
        this.mainClass = mainClass;
    }

    static AgentRun of(Class<?> program) {
        return new AgentRun(program.getName());
    }

    /** A program outside the test classes (generated and compiled by the test); see {@link #classpath}. */
    static AgentRun of(String mainClass) {
        return new AgentRun(mainClass);
    }

    /** Replaces the child's class path (the test classes by default). */
    AgentRun classpath(String path) {
        classpath = path;
        return this;
    }

    /** Adds an option for the child JVM itself, ahead of the main class. */
    AgentRun jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Adds {@code key=value} agent options. */
    AgentRun option(String keyValue) {
        options.add(keyValue);
        return this;
    }

    /** Replaces the whole agent argument (for malformed-option tests). */
    AgentRun rawAgentArgument(String argument) {
        agentArgument = argument;
        return this;
    }

    /** Adds the jar or directory {@code classOf} was loaded from to the child's class path, after the test classes. */
    AgentRun classPathOf(Class<?> classOf) {
        try {
            classPath.add(Path.of(classOf.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(classOf.getName(), e);
        }
        return this;
    }

    /** Adds a jar or directory to the child's class path, after the test classes. */
    AgentRun classPath(String jarOrDirectory) {
        classPath.add(jarOrDirectory);
        return this;
    }

    AgentRun args(String... programArgs) {
        args.addAll(List.of(programArgs));
        return this;
    }

    Result run(Path reportDir) throws IOException, InterruptedException {
        String argument = agentArgument != null ? agentArgument
            : String.join(",", concat(List.of("include=testprograms.*", "report=" + reportDir), options));
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:auto", "-javaagent:" + System.getProperty("racewatch.agentJar") + "=" + argument));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, concat(List.of(classpath), classPath)), mainClass));
        command.addAll(args);
        Path out = Files.createTempFile("racewatch-it", ".out");
        Path err = Files.createTempFile("racewatch-it", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(mainClass + " did not finish in 90 s; stderr:\n" + Files.readString(err));
        }
        Result result = new Result(p.exitValue(), Files.readString(out), Files.readString(err), reportDir);
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** What the child JVM printed and reported. */
    record Result(int exitCode, String stdout, String stderr, Path reportDir) {
        List<JsonNode> findings() throws IOException {
            Path file = reportDir.resolve("findings.jsonl");
            List<JsonNode> out = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
            return out;
        }

        List<JsonNode> findings(String kind) throws IOException {
            return findings().stream().filter(f -> f.get("kind").asText().equals(kind)).toList();
        }

        /** Everything, for assertion messages. */
        String transcript() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}

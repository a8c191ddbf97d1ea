package io.racewatch.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs every benchmark without and then with the agent in one invocation, and prints the
 * added nanoseconds per operation side by side (machines here are shared and noisy: compare
 * within one run only).
 *
 * <p>Usage: {@code java -jar benchmarks/target/racewatch-benchmarks.jar [agent-jar] [regex] [more agent options]},
 * e.g. {@code ... agent.jar io.racewatch.bench.* mode=staging} to measure staging mode.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws RunnerException {
        String agent = args.length > 0 ? args[0] : "agent/target/racewatch-agent.jar";
        String include = args.length > 1 ? args[1] : "io.racewatch.bench.*";
        if (!Files.isRegularFile(Path.of(agent))) {
            System.err.println("agent jar not found: " + agent + " (run mvn package first)");
            System.exit(2);
        }
        String more = args.length > 2 && !args[2].isBlank() ? "," + args[2] : "";
        Map<String, Double> plain = run(include, null);
        Map<String, Double> watched = run(include, "-javaagent:" + agent + "=include=io.racewatch.bench.*Benchmark,report="
            + System.getProperty("java.io.tmpdir") + "/racewatch-bench-report" + more);
        System.out.printf("%n%-45s %12s %12s %12s%n", "benchmark (ns/op)", "no agent", "agent", "added");
        for (Map.Entry<String, Double> e : plain.entrySet()) {
            Double with = watched.get(e.getKey());
            System.out.printf("%-45s %12.1f %12.1f %12.1f%n", e.getKey(), e.getValue(), with, with - e.getValue());
        }
    }

    private static Map<String, Double> run(String include, String agentArg) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(include)
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
            .timeUnit(TimeUnit.NANOSECONDS);
        if (agentArg != null) {
            options.jvmArgsAppend(agentArg);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> out = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replace("io.racewatch.bench.", "");
            out.put(name, r.getPrimaryResult().getScore());
        }
        return out;
    }
}

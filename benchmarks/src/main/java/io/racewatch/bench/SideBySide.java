package io.racewatch.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs every benchmark without and then with the agent in one invocation, and prints the
 * added nanoseconds per operation side by side (machines here are shared and noisy: compare
 * within one run only).
 *
 * <p>Usage: {@code java -jar benchmarks/target/racewatch-benchmarks.jar [agent-jar[,agent-jar...]] [regex] [more agent options]},
 * e.g. {@code ... agent.jar io.racewatch.bench.* mode=staging} to measure staging mode. With
 * several jars (say main's and a branch's), each round runs no agent and then each jar in turn,
 * {@code -Drounds=N} rounds (default 1), and the medians of the rounds are printed: the jars are
 * compared under the same load.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws RunnerException {
        List<String> agents = List.of((args.length > 0 ? args[0] : "agent/target/racewatch-agent.jar").split(","));
        String include = args.length > 1 ? args[1] : "io.racewatch.bench.*";
        for (String agent : agents) {
            if (!Files.isRegularFile(Path.of(agent))) {
                System.err.println("agent jar not found: " + agent + " (run mvn package first)");
                System.exit(2);
            }
        }
        String more = args.length > 2 && !args[2].isBlank() ? "," + args[2] : "";
        int rounds = Integer.getInteger("rounds", 1);
        List<Map<String, List<Double>>> scores = new ArrayList<>(); // [0] no agent, [k] agent k
        for (int k = 0; k <= agents.size(); k++) {
            scores.add(new TreeMap<>());
        }
        for (int round = 0; round < rounds; round++) {
            collect(scores.get(0), run(include, null));
            for (int k = 0; k < agents.size(); k++) {
                collect(scores.get(k + 1), run(include, "-javaagent:" + agents.get(k) + "=include=io.racewatch.bench.*Benchmark,report="
                    + System.getProperty("java.io.tmpdir") + "/racewatch-bench-report" + more));
            }
        }
        StringBuilder head = new StringBuilder(String.format("%n%-45s %12s", "benchmark (ns/op, median of " + rounds + ")", "no agent"));
        for (int k = 0; k < agents.size(); k++) {
            head.append(String.format(" %12s %12s", "agent " + (k + 1), "added " + (k + 1)));
        }
        System.out.println(head);
        for (int k = 0; k < agents.size(); k++) {
            System.out.println("  agent " + (k + 1) + ": " + agents.get(k));
        }
        for (Map.Entry<String, List<Double>> e : scores.get(0).entrySet()) {
            double plain = median(e.getValue());
            StringBuilder line = new StringBuilder(String.format("%-45s %12.1f", e.getKey(), plain));
            for (int k = 0; k < agents.size(); k++) {
                List<Double> with = scores.get(k + 1).get(e.getKey());
                double w = with == null ? Double.NaN : median(with);
                line.append(String.format(" %12.1f %12.1f", w, w - plain));
            }
            System.out.println(line);
        }
    }

    private static void collect(Map<String, List<Double>> into, Map<String, Double> round) {
        round.forEach((name, score) -> into.computeIfAbsent(name, n -> new ArrayList<>()).add(score));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
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

package io.racewatch.bench.workloads;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * Runs a workload's rounds in this JVM, times them, and prints the lines {@link Suite} reads:
 *
 * <pre>
 * RESULT workload=h2 rounds=10 steady=4 toMainMs=.. workMs=.. steadyMs=.. steadyCpuMs=.. checksum=..
 * HEAP usedKb=.. racewatchKb=..
 * </pre>
 *
 * {@code steadyMs} is the time of the last {@code steady} rounds (after warm-up), {@code steadyCpuMs}
 * the JVM's CPU time over those rounds (every thread's: the JIT's, the collector's and the agent's
 * too; on a shared machine it moves far less with other people's load than wall time); {@code toMainMs}
 * is JVM start to {@code main} (the agent's premain runs in it); {@code cpuMs} is the JVM's CPU
 * time up to the result line. The heap line comes after the
 * result line (a full GC and a class histogram), so it never counts in the timed figures.
 *
 * <p>Arguments: {@code rounds=N steady=N scale=X} (also {@code -Dbench.rounds} etc.);
 * {@code -Dbench.heap=false} skips the heap line.
 */
public final class Harness {
    /** Each round's time in ms of the last {@link #run}, for the line after the result (to see drift). */
    private static String LAST_ROUNDS_MS = "";

    private Harness() {
    }

    /** Runs the workload made by {@code factory} and exits the JVM (0, or 1 when it failed). */
    public static void main(String name, String[] args, WorkloadFactory factory) {
        long start = System.nanoTime();
        long startEpochMs = System.currentTimeMillis();
        Settings s = Settings.parse(args);
        try {
            String line = run(name, s, factory, start);
            long toMainMs = startEpochMs - ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.println(line.replace(" workMs=", " toMainMs=" + toMainMs + " cpuMs=" + processCpuMs() + " workMs="));
            System.out.flush();
            System.out.println("ROUNDS ms=" + LAST_ROUNDS_MS);
            if (Boolean.parseBoolean(System.getProperty("bench.heap", "true"))) {
                System.out.println(HeapFigures.measure().line());
            }
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAILED workload=" + name + " error=" + t);
            t.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
    }

    /**
     * CPU time of the whole JVM so far (all threads: application, JIT, GC, the agent's), or -1.
     * On a shared machine it moves far less with other people's load than wall time does.
     */
    static long processCpuMs() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime() / 1_000_000;
            }
        } catch (LinkageError | RuntimeException notHotSpot) {
            // Fall through: no CPU figure.
        }
        return -1;
    }

    /** Runs the rounds and returns the result line (without {@code toMainMs}); used by tests too. */
    public static String run(String name, Settings s, WorkloadFactory factory, long startNanos) throws Exception {
        long[] roundNanos = new long[s.rounds()];
        long checksum = 0;
        int steady = Math.min(s.steady(), s.rounds());
        long steadyCpuFromMs = -1;
        long steadyCpuMs;
        try (Workload w = factory.create(s.scale())) {
            for (int i = 0; i < s.rounds(); i++) {
                if (i == s.rounds() - steady) {
                    steadyCpuFromMs = processCpuMs();
                }
                long t = System.nanoTime();
                checksum += w.round(i);
                roundNanos[i] = System.nanoTime() - t;
            }
            steadyCpuMs = steadyCpuFromMs < 0 ? -1 : processCpuMs() - steadyCpuFromMs;
            w.verify();
        }
        long workNanos = System.nanoTime() - startNanos;
        StringBuilder perRound = new StringBuilder();
        for (long n : roundNanos) {
            perRound.append(perRound.length() == 0 ? "" : ",").append(n / 1_000_000);
        }
        LAST_ROUNDS_MS = perRound.toString();
        long steadyNanos = 0;
        for (int i = s.rounds() - steady; i < s.rounds(); i++) {
            steadyNanos += roundNanos[i];
        }
        return "RESULT workload=" + name + " rounds=" + s.rounds() + " steady=" + steady
            + " workMs=" + workNanos / 1_000_000 + " steadyMs=" + steadyNanos / 1_000_000 + " steadyCpuMs=" + steadyCpuMs + " checksum=" + checksum;
    }

    /** Makes a workload at a scale (1.0 is the suite's size). */
    @FunctionalInterface
    public interface WorkloadFactory {
        Workload create(double scale) throws Exception;
    }

    /** Rounds, how many of the last ones are steady state, and the size factor. */
    public record Settings(int rounds, int steady, double scale) {
        static Settings parse(String[] args) {
            int rounds = Integer.getInteger("bench.rounds", 10);
            int steady = Integer.getInteger("bench.steady", 4);
            double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
            for (String a : args) {
                String[] kv = a.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected key=value, got " + a);
                }
                switch (kv[0]) {
                    case "rounds" -> rounds = Integer.parseInt(kv[1]);
                    case "steady" -> steady = Integer.parseInt(kv[1]);
                    case "scale" -> scale = Double.parseDouble(kv[1]);
                    default -> throw new IllegalArgumentException("unknown argument " + kv[0]);
                }
            }
            return new Settings(rounds, steady, scale);
        }
    }

    /** Runs {@code task} and rethrows its failure unchecked (for lambdas in workloads). */
    static <T> T unchecked(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.racewatch.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A diagnostic for measuring start-up: with {@code -Dracewatch.startupTrace=true} the process's
 * CPU time (every thread's, the JIT's too, from {@code /proc/self/stat} in 10 ms ticks) and the
 * wall time spent in each step of premain and of the exit hook are written to standard error, one
 * line per step, when premain ends and when the exit hook ends. Off, each mark is one static read.
 */
public final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("racewatch.startupTrace");
    private static final StringBuilder OUT = new StringBuilder();
    private static long lastCpuMs = -1;
    private static long lastWallMs;

    private StartupTrace() {
    }

    /** The step that ends now, named. The first mark gives the CPU time the JVM used before it. */
    public static synchronized void mark(String step) {
        if (!ON) {
            return;
        }
        long cpu = processCpuMs();
        long wall = System.nanoTime() / 1_000_000;
        OUT.append("racewatch startup: ").append(step);
        if (lastCpuMs < 0) {
            OUT.append(" cpu-so-far=").append(cpu).append('\n');
        } else {
            OUT.append(" cpu=").append(cpu - lastCpuMs).append(" wall=").append(wall - lastWallMs).append('\n');
        }
        lastCpuMs = cpu;
        lastWallMs = wall;
    }

    /** Writes the steps marked since the last print. */
    public static synchronized void print() {
        if (ON) {
            System.err.print(OUT);
            OUT.setLength(0);
        }
    }

    /** utime + stime of the whole process in ms; -1 without a {@code /proc}. */
    private static long processCpuMs() {
        try {
            String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is the state (field 3 of stat): utime is field 14, stime field 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}

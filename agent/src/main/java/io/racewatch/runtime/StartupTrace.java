package io.racewatch.runtime;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;

/**
 * A diagnostic for measuring start-up: with {@code -Dracewatch.startupTrace=true} the CPU time
 * spent in each step of premain and of the exit hook is written to standard error, one line per
 * step, when premain ends and when the exit hook ends: all the process's threads ({@code cpu}),
 * of which the JIT compilers' ({@code jit}), in milliseconds to a tenth, from each thread's
 * {@code /proc/self/task/N/schedstat} (nanoseconds; the process-wide {@code /proc/self/stat} counts
 * 10 ms ticks, too coarse for steps of a few milliseconds), and the wall time. Off, each mark is
 * one static read. Read with plain file streams: the trace must not load the classes it measures.
 */
public final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("racewatch.startupTrace");
    private static final StringBuilder OUT = new StringBuilder();
    private static final File TASKS = new File("/proc/self/task");
    private static long lastCpuNs = -1;
    private static long lastJitNs;
    private static long lastWallNs;

    private StartupTrace() {
    }

    /** The step that ends now, named. The first mark gives the CPU time the JVM used before it. */
    public static synchronized void mark(String step) {
        if (!ON) {
            return;
        }
        long[] cpuAndJit = processCpuNs();
        long wall = System.nanoTime();
        OUT.append("racewatch startup: ").append(step);
        if (lastCpuNs < 0) {
            OUT.append(" cpu-so-far=").append(ms(cpuAndJit[0])).append(" jit-so-far=").append(ms(cpuAndJit[1])).append('\n');
        } else {
            OUT.append(" cpu=").append(ms(cpuAndJit[0] - lastCpuNs)).append(" jit=").append(ms(cpuAndJit[1] - lastJitNs))
                .append(" wall=").append(ms(wall - lastWallNs)).append('\n');
        }
        lastCpuNs = cpuAndJit[0];
        lastJitNs = cpuAndJit[1];
        lastWallNs = wall;
    }

    /** Writes the steps marked since the last print. */
    public static synchronized void print() {
        if (ON) {
            System.err.print(OUT);
            OUT.setLength(0);
        }
    }

    private static String ms(long ns) {
        long tenths = ns / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** CPU time of every live thread of the process, and of its JIT compiler threads; -1 without a {@code /proc}. */
    private static long[] processCpuNs() {
        String[] tasks = TASKS.list();
        if (tasks == null) {
            return new long[] {-1, -1};
        }
        long all = 0;
        long jit = 0;
        for (String task : tasks) {
            String schedstat = read(new File(TASKS, task + "/schedstat"));
            int space = schedstat.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            long ns = Long.parseLong(schedstat.substring(0, space));
            all += ns;
            if (read(new File(TASKS, task + "/comm")).contains("CompilerThre")) {
                jit += ns;
            }
        }
        return new long[] {all, jit};
    }

    private static String read(File file) {
        try (FileInputStream in = new FileInputStream(file)) {
            byte[] buffer = new byte[128];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}

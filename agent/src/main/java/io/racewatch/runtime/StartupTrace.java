package io.racewatch.runtime;

/** TEMPORARY: process CPU and wall time around premain's steps (racewatch.startupTrace=true). */
public final class StartupTrace {
    static final boolean ON = Boolean.getBoolean("racewatch.startupTrace");
    private static long lastCpu = -1;
    private static long lastWall;
    private static final StringBuilder OUT = new StringBuilder();

    private StartupTrace() {
    }

    public static void mark(String step) {
        if (!ON) {
            return;
        }
        long cpu = cpuMs();
        long wall = System.nanoTime() / 1_000_000;
        if (lastCpu < 0) {
            OUT.append("trace start cpu=").append(cpu).append('\n');
        } else {
            OUT.append("trace ").append(step).append(" cpu=").append(cpu - lastCpu).append(" wall=").append(wall - lastWall).append('\n');
        }
        lastCpu = cpu;
        lastWall = wall;
    }

    public static void print() {
        if (ON) {
            System.err.print(OUT);
            OUT.setLength(0);
        }
    }

    /** utime+stime of the whole process, from /proc/self/stat (10 ms ticks). */
    static long cpuMs() {
        try {
            byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/self/stat"));
            String s = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            // after ')': state is field 3, utime field 14 -> index 11, stime index 12
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }
}

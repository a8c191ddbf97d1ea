package io.racewatch.bench.workloads;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Heap in use after a full GC, and the bytes held by racewatch's own classes (from the JVM's
 * class histogram: a lower bound on the agent's heap, since its arrays of JDK types and JDK
 * collections do not carry its class names).
 */
public record HeapFigures(long usedKb, long racewatchKb, long racewatchObjects) {
    /** Forces a full GC, then reads the heap and the histogram. */
    public static HeapFigures measure() {
        System.gc();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long bytes = 0;
        long objects = 0;
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
            String[] lines = String.valueOf(text).split("\n");
            // -Dbench.histogramTop=N also prints the histogram's first N lines (what fills the heap).
            int top = Integer.getInteger("bench.histogramTop", 0);
            for (int i = 0; top > 0 && i < Math.min(lines.length, top + 3); i++) {
                System.out.println("HISTOGRAM " + lines[i]);
            }
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":") && isRacewatch(f[3])) {
                    objects += Long.parseLong(f[1]);
                    bytes += Long.parseLong(f[2]);
                }
            }
        } catch (Exception | LinkageError e) {
            bytes = -1024;
        }
        return new HeapFigures(used / 1024, bytes / 1024, objects);
    }

    private static boolean isRacewatch(String className) {
        String n = className.startsWith("[L") ? className.substring(2) : className;
        return n.startsWith("io.racewatch.") && !n.startsWith("io.racewatch.bench.");
    }

    /** The line {@link Suite} reads. */
    public String line() {
        return "HEAP usedKb=" + usedKb + " racewatchKb=" + racewatchKb + " racewatchObjects=" + racewatchObjects;
    }
}

package io.racewatch.bench.workloads;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Heap in use after a full GC, and the bytes held by racewatch's own classes (from the JVM's
 * class histogram: a lower bound on the agent's heap, since its arrays of JDK types and JDK
 * collections do not carry its class names).
 *
 * <p>racewatch keeps a sync var per object, which holds its object weakly: a collection clears the
 * object, the JVM's reference handler queues the var, and racewatch unlinks it (at its next var
 * made, or within half a second), so the var goes at a later collection. Read right after one
 * full collection, the heap still holds the vars of every object that died in the old generation
 * since the last one: on reactive's test mode at 60 rounds 194 MB, against 22.5 MB once they are
 * gone, three to four seconds later (the reference handler queues two million of them). So the
 * figures are read once the heap after a collection stops shrinking.
 */
public record HeapFigures(long usedKb, long racewatchKb, long racewatchObjects) {
    /** Full GCs half a second apart until two in a row free under 1% (at most 10 s), then the heap and the histogram. */
    public static HeapFigures measure() {
        long used = collect();
        int settled = 0; // collections in a row that freed under 1%: two end the wait
        for (int i = 0; i < 20 && settled < 2; i++) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = collect();
            settled = now > used - used / 100 ? settled + 1 : 0;
            used = Math.min(used, now);
        }
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

    private static long collect() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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

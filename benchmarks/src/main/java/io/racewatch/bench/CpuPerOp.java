package io.racewatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntSupplier;

/**
 * The probe benchmarks' operations timed in CPU time per operation rather than wall time: on a
 * shared machine whose load is many times its cores, a thread's wall time is mostly waiting for
 * a core, while its CPU time is its own work. Each configuration (no agent, then each agent jar)
 * runs in a fresh JVM, in rounds, in an order rotated each round; medians of the rounds are
 * printed with the CPU nanoseconds each jar adds per operation.
 *
 * <p>Usage: {@code java -cp benchmarks/target/racewatch-benchmarks.jar io.racewatch.bench.CpuPerOp
 * main.jar,branch.jar [rounds] [agent options]}; {@code -Dchild.jvm="..."} adds options to each child JVM. The operations are those of
 * {@link MapProbeBenchmark}, {@link LockProbeBenchmark} and {@link SchedulingBenchmark}, called
 * on their own classes, which the agent watches ({@code include=io.racewatch.bench.*Benchmark}).
 */
public final class CpuPerOp {
    private static final int BATCHES = 7;

    private CpuPerOp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child();
            return;
        }
        List<String> jars = args.length > 0 ? List.of(args[0].split(",")) : List.of("agent/target/racewatch-agent.jar");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String more = args.length > 2 && !args[2].isBlank() ? "," + args[2] : "";
        List<String> configs = new ArrayList<>();
        configs.add(null);
        configs.addAll(jars);
        Map<String, List<List<Double>>> results = new LinkedHashMap<>(); // op -> per config -> per round
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < configs.size(); k++) {
                int c = (k + round) % configs.size();
                Map<String, Double> r = runChild(configs.get(c), more);
                System.out.println("round " + (round + 1) + " " + (configs.get(c) == null ? "no agent" : configs.get(c)) + ": " + r);
                r.forEach((op, ns) -> {
                    List<List<Double>> perConfig = results.computeIfAbsent(op, o -> {
                        List<List<Double>> l = new ArrayList<>();
                        for (int i = 0; i < configs.size(); i++) {
                            l.add(new ArrayList<>());
                        }
                        return l;
                    });
                    perConfig.get(c).add(ns);
                });
            }
        }
        System.out.printf(Locale.ROOT, "%n%-30s %10s", "CPU ns/op (median of " + rounds + ")", "no agent");
        for (int k = 1; k < configs.size(); k++) {
            System.out.printf(Locale.ROOT, " %10s %10s", "jar " + k, "added " + k);
        }
        System.out.println();
        for (int k = 1; k < configs.size(); k++) {
            System.out.println("  jar " + k + ": " + configs.get(k));
        }
        for (Map.Entry<String, List<List<Double>>> e : results.entrySet()) {
            double plain = median(e.getValue().get(0));
            System.out.printf(Locale.ROOT, "%-30s %10.1f", e.getKey(), plain);
            for (int k = 1; k < configs.size(); k++) {
                double with = median(e.getValue().get(k));
                System.out.printf(Locale.ROOT, " %10.1f %10.1f", with, with - plain);
            }
            System.out.println();
        }
    }

    private static Map<String, Double> runChild(String jar, String more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // -Dchild.jvm="-Xms1g -Xmx1g -XX:+AlwaysPreTouch": a heap faulted in before the timing. Without
        // it the scheduling rows swing several-fold within one JVM (85 to 590 ns without the agent on a
        // loaded machine), as the young generation moves onto memory the kernel has not handed over yet.
        for (String option : System.getProperty("child.jvm", "").split(" ")) {
            if (!option.isBlank()) {
                cmd.add(option);
            }
        }
        if (jar != null) {
            cmd.add("-javaagent:" + jar + "=include=io.racewatch.bench.*Benchmark,report="
                + System.getProperty("java.io.tmpdir") + "/racewatch-cpu-report" + more);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CpuPerOp.class.getName());
        cmd.add("--child");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("OP ")) {
                    String[] f = line.split(" ");
                    out.put(f[1], Double.parseDouble(f[2]));
                }
            }
        }
        p.waitFor();
        return out;
    }

    // ---- the child JVM: each operation, warmed up, then timed in batches of CPU time ----

    private static void child() throws Exception {
        LockProbeBenchmark locks = new LockProbeBenchmark();
        MapProbeBenchmark maps = new MapProbeBenchmark();
        MapProbeBenchmark.OwnMap own = new MapProbeBenchmark.OwnMap();
        own.fill();
        SchedulingBenchmark scheduling = new SchedulingBenchmark();
        scheduling.start();
        single("monitor", 2_000_000, locks::monitor);
        single("reentrantLock", 2_000_000, locks::reentrantLock);
        single("ownerGet", 2_000_000, () -> maps.ownerGet(own));
        single("ownerPut", 2_000_000, () -> maps.ownerPut(own));
        shared(maps, 200_000);
        single("scheduleThenCancel", 100_000, () -> scheduling.scheduleThenCancel() ? 1 : 0);
        single("scheduleThenCancelBehindHead", 100_000, () -> scheduling.scheduleThenCancelBehindHead() ? 1 : 0);
        scheduling.close();
        maps.otherMapGets(100_000); // last: the probe's own profile sees several map classes from here on
        single("ownerGetAmongOthers", 2_000_000, () -> maps.ownerGetAmongOthers(own));
        // The owner put again once the map, its entries and racewatch's records of it are in the old
        // generation, as in any long run: each reference stored into an old object then takes G1's
        // card-marking barrier (the HashMap's own put too). Whether a young collection promoted them
        // before the timing above is up to the JVM's run, which split ownerPut's figure in two; this
        // one is that state every time.
        System.gc();
        single("ownerPutOld", 2_000_000, () -> maps.ownerPut(own));
    }

    private static void single(String name, int opsPerBatch, IntSupplier op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int i = 0; i < opsPerBatch * 2; i++) { // warm-up: compiled before timing
            sink += op.getAsInt();
        }
        List<Double> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            long cpu = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < opsPerBatch; i++) {
                sink += op.getAsInt();
            }
            batches.add((mx.getCurrentThreadCpuTime() - cpu) / (double) opsPerBatch);
        }
        System.out.println("OP " + name + " " + median(batches) + " " + (sink == 42 ? "" : "."));
    }

    /** The shared map's get+put from two threads at once: the CPU of both per operation. */
    private static void shared(MapProbeBenchmark maps, int opsPerBatch) throws Exception {
        MapProbeBenchmark.SharedMap map = new MapProbeBenchmark.SharedMap();
        map.fill();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<Double> batches = new ArrayList<>();
        for (int b = -2; b < BATCHES; b++) { // two batches of warm-up
            CyclicBarrier start = new CyclicBarrier(2);
            long[] cpu = new long[2];
            Thread[] threads = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int slot = t;
                threads[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    long from = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < opsPerBatch; i++) {
                        maps.sharedGetPut(map);
                    }
                    cpu[slot] = mx.getCurrentThreadCpuTime() - from;
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (b >= 0) {
                batches.add((cpu[0] + cpu[1]) / (2.0 * opsPerBatch));
            }
        }
        System.out.println("OP sharedGetPut " + median(batches));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

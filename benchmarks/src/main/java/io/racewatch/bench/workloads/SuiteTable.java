package io.racewatch.bench.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The suite's runs as a Markdown table: per workload and configuration the medians of wall time
 * (JVM start to the result line), the JVM's CPU time to the same point, the workload's steady-state time and
 * the JVM's CPU time over it, the time to {@code main},
 * the heap after a full GC at the end, racewatch's own objects, and findings, with the ratio of
 * each time to the run without the agent.
 */
final class SuiteTable {
    private final List<Suite.Spec> specs;
    private final List<Variant> variants;
    private final List<WorkloadRun> runs;

    SuiteTable(List<Suite.Spec> specs, List<Variant> variants, List<WorkloadRun> runs) {
        this.specs = specs;
        this.variants = variants;
        this.runs = runs;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| workload | agent | wall ms | x | cpu ms | x | steady ms | x | steady cpu ms | x | to main ms | heap MB | +heap MB | racewatch MB | findings | ok |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Suite.Spec spec : specs) {
            List<WorkloadRun> base = runs.stream().filter(r -> r.ok() && r.workload().equals(spec.name()) && r.variant().withoutAgent()).toList();
            double baseWall = median(base, WorkloadRun::wallMs);
            double baseSteady = median(base, r -> r.figure("steadyMs"));
            double baseCpu = median(base, r -> r.figure("cpuMs"));
            double baseSteadyCpu = median(base, r -> r.figure("steadyCpuMs"));
            double baseHeap = median(base, r -> r.heapFigure("usedKb"));
            for (Variant config : variants) {
                List<WorkloadRun> all = runs.stream().filter(r -> r.workload().equals(spec.name()) && r.variant().equals(config)).toList();
                List<WorkloadRun> sel = select(spec.name(), config);
                double wall = median(sel, WorkloadRun::wallMs);
                double steady = median(sel, r -> r.figure("steadyMs"));
                double cpu = median(sel, r -> r.figure("cpuMs"));
                double steadyCpu = median(sel, r -> r.figure("steadyCpuMs"));
                double heap = median(sel, r -> r.heapFigure("usedKb"));
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |%n",
                    spec.name(), config.label(), num(wall, 0), ratio(wall, baseWall, config), num(cpu, 0), ratio(cpu, baseCpu, config),
                    num(steady, 0),
                    ratio(steady, baseSteady, config), num(steadyCpu, 0), ratio(steadyCpu, baseSteadyCpu, config), num(median(sel, r -> r.figure("toMainMs")), 0),
                    num(heap / 1024, 1), config.withoutAgent() ? "" : num((heap - baseHeap) / 1024, 1),
                    config.withoutAgent() ? "" : num(median(sel, r -> r.heapFigure("racewatchKb")) / 1024, 1),
                    config.withoutAgent() ? "" : num(median(sel, r -> r.findings()), 0),
                    sel.size(), all.size()));
            }
        }
        return out.toString();
    }

    private List<WorkloadRun> select(String workload, Variant config) {
        return runs.stream().filter(r -> r.ok() && r.workload().equals(workload) && r.variant().equals(config)).toList();
    }

    /** The median, or NaN when there is no run (an upper median for an even count is not used: mean of the middle two). */
    static double median(List<WorkloadRun> sel, ToDoubleFunction<WorkloadRun> f) {
        List<Double> values = new ArrayList<>();
        for (WorkloadRun r : sel) {
            double v = f.applyAsDouble(r);
            if (v >= 0) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String ratio(double v, double base, Variant config) {
        if (config.withoutAgent() || Double.isNaN(v) || Double.isNaN(base) || base <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", v / base);
    }
}

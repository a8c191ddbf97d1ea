package io.racewatch.bench.workloads;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs every workload in fresh JVMs without the agent and under it ({@code mode=test} and
 * {@code mode=staging}, each with {@code include=*} and with the workload's own package),
 * interleaved (each repetition runs all configurations of a workload back to back, in a rotated
 * order), and prints median figures with ratios to the run without the agent.
 *
 * <p>Usage: {@code java -cp benchmarks/target/racewatch-benchmarks.jar io.racewatch.bench.workloads.Suite
 * [--agent agent/target/racewatch-agent.jar[,other.jar...]] [--reps 3] [--quick] [--only h2,cache]
 * [--configs none,test/*] [--rounds 10 --steady 4] [--jfr DIR] [--out DIR] [--timeout-s 600]}. {@code --quick}: one
 * repetition at half size. {@code --rounds}/{@code --steady}: rounds per JVM and how many of the last
 * ones count as steady state (a long run, e.g. {@code --rounds 40 --steady 30}, shows what a JVM
 * left running pays once start-up is behind it). Several agent jars (before and after a change): each agent configuration
 * runs once per jar, interleaved, labelled with the jar's name. The 10 000-class start-up program runs only when named in {@code --only}. {@code --jfr DIR}: record each agent run with Flight Recorder.
 */
public final class Suite {
    /** A workload: its name, main class, and the package {@code include=} names in the "own" runs. */
    record Spec(String name, String mainClass, String ownPackage) {
    }

    static final List<Spec> SPECS = List.of(
        new Spec("h2", "io.racewatch.bench.workloads.h2.H2Workload", "io.racewatch.bench.workloads.h2"),
        new Spec("cache", "io.racewatch.bench.workloads.cache.CacheWorkload", "io.racewatch.bench.workloads.cache"),
        new Spec("http", "io.racewatch.bench.workloads.http.HttpWorkload", "io.racewatch.bench.workloads.http"),
        new Spec("forkjoin", "io.racewatch.bench.workloads.forkjoin.ForkJoinWorkload", "io.racewatch.bench.workloads.forkjoin"),
        new Spec("reactive", "io.racewatch.bench.workloads.reactive.ReactiveWorkload", "io.racewatch.bench.workloads.reactive"),
        new Spec("trivial", "io.racewatch.bench.workloads.startup.TrivialMain", "io.racewatch.bench.workloads.startup"),
        new Spec("classes", "io.racewatch.bench.workloads.startup.ManyClasses", "io.racewatch.bench.workloads.startup"));

    private List<String> agents = List.of("agent/target/racewatch-agent.jar");
    private int reps = 3;
    private double scale = 1.0;
    private int rounds = 10;
    private int steady = 4;
    private List<String> only = List.of();
    private List<AgentConfig> configs = Arrays.asList(AgentConfig.values());
    private Path jfrDir;
    private Path outDir = Path.of("benchmarks/target/workloads");
    private long timeoutSeconds = 600;

    public static void main(String[] args) throws Exception {
        Suite suite = new Suite();
        suite.parse(args);
        System.exit(suite.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--agent" -> agents = List.of(args[++i].split(","));
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    reps = 1;
                    scale = 0.5;
                }
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--steady" -> steady = Integer.parseInt(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--configs" -> configs = Stream.of(args[++i].split(",")).map(AgentConfig::byLabel).toList();
                case "--jfr" -> jfrDir = Path.of(args[++i]);
                case "--out" -> outDir = Path.of(args[++i]);
                case "--timeout-s" -> timeoutSeconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + a
                    + " (known: --agent --reps --quick --scale --rounds --steady --only --configs --jfr --out --timeout-s)");
            }
        }
    }

    private int run() throws Exception {
        for (String agent : agents) {
            if (configs.stream().anyMatch(c -> c != AgentConfig.NONE) && !Files.isRegularFile(Path.of(agent))) {
                System.err.println("agent jar not found: " + agent + " (run mvn -B -q package -DskipTests first)");
                return 2;
            }
        }
        List<Variant> variants = Variant.of(configs, agents);
        Files.createDirectories(outDir);
        if (jfrDir != null) {
            Files.createDirectories(jfrDir);
        }
        // The 10 000-class program runs only when named: under today's agent it takes minutes per JVM.
        List<Spec> specs = SPECS.stream()
            .filter(s -> only.isEmpty() ? !s.name().equals("classes") : only.contains(s.name())).toList();
        List<WorkloadRun> runs = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            for (Spec spec : specs) {
                for (int k = 0; k < variants.size(); k++) {
                    // Rotate the order each repetition so no configuration always runs first or last.
                    Variant variant = variants.get((k + rep) % variants.size());
                    WorkloadRun r = runOnce(spec, variant, rep);
                    runs.add(r);
                    System.out.printf(Locale.ROOT, "[%d/%d] %-9s %-12s %s%n", rep + 1, reps, spec.name(), variant.label(),
                        r.ok() ? String.format(Locale.ROOT, "wall %7.0f ms  cpu %6d ms  work %6d ms  steady %6d ms (cpu %6d)  heap %6d KB  racewatch %6d KB  findings %d %s",
                            r.wallMs(), r.figure("cpuMs"), r.figure("workMs"), r.figure("steadyMs"), r.figure("steadyCpuMs"), r.heapFigure("usedKb"), r.heapFigure("racewatchKb"), r.findings(), r.findingKinds())
                            : "FAILED: " + r.failure());
                }
            }
            // Written after every repetition, so a run cut short still leaves its medians.
            Files.writeString(outDir.resolve("table.md"), header(rep + 1) + "\n\n" + new SuiteTable(specs, variants, runs).markdown());
        }
        System.out.println();
        System.out.println(Files.readString(outDir.resolve("table.md")));
        return runs.stream().allMatch(WorkloadRun::ok) ? 0 : 1;
    }

    private String header(int repsDone) {
        return "racewatch workloads, " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
            + ", " + repsDone + " of " + reps + " repetition(s), scale " + scale + ", " + rounds + " rounds (" + steady + " steady), " + Runtime.getRuntime().availableProcessors()
            + " cores, Java " + System.getProperty("java.version") + "; medians, ratios against no agent in the same run";
    }

    private WorkloadRun runOnce(Spec spec, Variant variant, int rep) throws IOException, InterruptedException {
        Path report = Files.createTempDirectory("racewatch-workload-");
        String tag = spec.name() + "-" + variant.tag() + "-" + (rep + 1);
        Path stderr = outDir.resolve(tag + ".err");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(variant.config().jvmArgs(variant.agentJar(), spec.ownPackage(), report.toString()));
        if (jfrDir != null && !variant.withoutAgent()) {
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfrDir.resolve(tag + ".jfr"));
        }
        cmd.add("-Dbench.scale=" + scale);
        cmd.add("-Dbench.rounds=" + rounds);
        cmd.add("-Dbench.steady=" + steady);
        cmd.add("-cp");
        cmd.add(ownJar());
        cmd.add(spec.mainClass());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        String[] lines = new String[2];
        long[] resultAt = {-1};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        resultAt[0] = System.nanoTime();
                        lines[0] = line;
                    } else if (line.startsWith("HEAP ")) {
                        lines[1] = line;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        boolean exited = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        reader.join();
        long findings = WorkloadRun.countFindings(report);
        String kinds = WorkloadRun.findingKinds(report);
        deleteTree(report);
        String failure = !exited ? "timed out after " + timeoutSeconds + " s"
            : p.exitValue() != 0 ? "exit " + p.exitValue() + " (see " + stderr + ")"
            : lines[0] == null ? "no result line (see " + stderr + ")" : null;
        if (failure == null && Files.size(stderr) == 0) {
            Files.delete(stderr);
        }
        double wallMs = resultAt[0] < 0 ? -1 : (resultAt[0] - start) / 1e6;
        return new WorkloadRun(spec.name(), variant, failure == null, failure, wallMs,
            WorkloadRun.figures(lines[0]), WorkloadRun.figures(lines[1]), findings, kinds);
    }

    private static String ownJar() {
        try {
            return new File(Suite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

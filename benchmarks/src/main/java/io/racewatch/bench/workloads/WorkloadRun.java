package io.racewatch.bench.workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one JVM run of a workload: process wall time to its result line, the figures
 * the workload printed about itself, its heap line, and how many findings the agent wrote.
 */
public record WorkloadRun(String workload, Variant variant, boolean ok, String failure, double wallMs,
                          Map<String, Long> result, Map<String, Long> heap, long findings, String findingKinds) {
    private static final Pattern FIGURE = Pattern.compile("(\\w+)=(-?\\d+)");
    private static final Pattern KIND = Pattern.compile("^\\{\"kind\":\"([^\"]+)\"");

    /** A figure from the result line ({@code workMs}, {@code steadyMs}, {@code toMainMs}), or -1. */
    public long figure(String key) {
        return result.getOrDefault(key, -1L);
    }

    /** A figure from the heap line ({@code usedKb}, {@code racewatchKb}), or -1. */
    public long heapFigure(String key) {
        return heap.getOrDefault(key, -1L);
    }

    static Map<String, Long> figures(String line) {
        Map<String, Long> out = new HashMap<>();
        if (line == null) {
            return out;
        }
        Matcher m = FIGURE.matcher(line);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** Findings per kind in the report's findings.jsonl, e.g. {@code lock-hold:3 map-rmw:1}. */
    static String findingKinds(Path reportDir) {
        Path f = reportDir.resolve("findings.jsonl");
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        if (Files.isRegularFile(f)) {
            try (var lines = Files.lines(f)) {
                lines.map(KIND::matcher).filter(Matcher::find).forEach(m -> kinds.merge(m.group(1), 1, Integer::sum));
            } catch (IOException e) {
                return "?";
            }
        }
        StringBuilder out = new StringBuilder();
        kinds.forEach((k, n) -> out.append(out.length() == 0 ? "" : " ").append(k).append(':').append(n));
        return out.toString();
    }

    /** Lines in the report's findings.jsonl (0 when there is none). */
    static long countFindings(Path reportDir) {
        Path f = reportDir.resolve("findings.jsonl");
        if (!Files.isRegularFile(f)) {
            return 0;
        }
        try (var lines = Files.lines(f)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return -1;
        }
    }
}

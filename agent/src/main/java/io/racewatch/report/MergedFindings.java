package io.racewatch.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The findings of every JVM that reported into one directory (test forks, several test plugins):
 * {@code findings.jsonl} and every {@code findings-*.jsonl}, there and in its subdirectories, read back and deduplicated the way
 * one JVM deduplicates (kind, the accesses' sites, the test), with the counts added up. A
 * suppressions file given here sets aside findings recorded before it said so.
 */
public final class MergedFindings {
    private final List<Path> files = new ArrayList<>();
    private final List<Finding> reported = new ArrayList<>();
    private final List<Finding> suppressed = new ArrayList<>();
    private final Map<Finding, String> severities = new IdentityHashMap<>();
    private int unreadable;

    private MergedFindings() {
    }

    /**
     * Reads {@code dir}. A line that is not a finding is named in one problem line and skipped.
     *
     * @param rules suppression rules to apply, or an empty list
     */
    public static MergedFindings read(Path dir, List<SuppressionRule> rules, Consumer<String> problems) throws IOException {
        MergedFindings m = new MergedFindings();
        m.files.addAll(findingFiles(dir));
        Map<String, RecordedFinding> byKey = new LinkedHashMap<>();
        for (Path file : m.files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) {
                    continue;
                }
                RecordedFinding r;
                try {
                    r = FindingLine.parse(line);
                } catch (RuntimeException e) {
                    m.unreadable++;
                    problems.accept(file + " line " + (i + 1) + " skipped: " + e.getMessage());
                    continue;
                }
                RecordedFinding known = byKey.putIfAbsent(key(r.finding()), r);
                if (known != null) {
                    for (int n = 0; n < r.finding().count(); n++) {
                        known.finding().repeated();
                    }
                }
            }
        }
        for (RecordedFinding r : byKey.values()) {
            Finding f = r.finding();
            m.severities.put(f, r.severity());
            SuppressionRule rule = rules.stream().filter(x -> x.matches(f)).findFirst().orElse(null);
            if (rule == null) {
                m.reported.add(f);
            } else {
                f.suppress(rule.suppression(false));
                m.suppressed.add(f);
            }
        }
        return m;
    }

    /**
     * {@code findings.jsonl} and {@code findings-*.jsonl} in {@code dir} and in its subdirectories
     * (one level: a directory per test plugin or fork), by path; none when it does not exist.
     */
    public static List<Path> findingFiles(Path dir) throws IOException {
        return filesUnder(dir, "findings{,-*}.jsonl");
    }

    /** Files matching {@code glob} in {@code dir} and its immediate subdirectories, sorted by path. */
    static List<Path> filesUnder(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> dirs = new ArrayList<>(List.of(dir));
        try (DirectoryStream<Path> subdirs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            subdirs.forEach(dirs::add);
        }
        for (Path d : dirs) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d, glob)) {
                files.forEach(out::add);
            }
        }
        out.sort(null);
        return out;
    }

    /** Across JVMs site ids differ, so sites are compared by their code positions. */
    private static String key(Finding f) {
        StringBuilder k = new StringBuilder(f.kind());
        for (Access a : f.accesses()) {
            k.append('|').append(a.op()).append('@').append(a.site().frame());
        }
        return k.append(f.test() == null ? "" : "|" + f.test().id()).toString();
    }

    /** The files read. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** The findings not suppressed, in the order the files list them. */
    public List<Finding> reported() {
        return List.copyOf(reported);
    }

    /** The findings a suppression rule given here set aside. */
    public List<Finding> suppressed() {
        return List.copyOf(suppressed);
    }

    /** {@code error}, {@code warning} or {@code note}: as recorded, else the kind's SARIF level. */
    public String severity(Finding f) {
        return severities.getOrDefault(f, "warning");
    }

    /** Lines that were not findings. */
    public int unreadable() {
        return unreadable;
    }
}

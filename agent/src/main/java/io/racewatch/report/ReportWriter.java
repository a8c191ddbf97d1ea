package io.racewatch.report;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Limits;
import io.racewatch.runtime.ThreadState;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes findings as they are made, on its own daemon thread so that no probe waits on I/O:
 * a line of {@code findings.jsonl} (flushed, so a killed JVM loses at most the line in flight)
 * and the text form to the log. At exit, {@code report.txt} with every finding and its count.
 *
 * <p>If the report directory cannot be written, that is said once and findings still reach the log.
 */
public final class ReportWriter {
    public static final String FINDINGS_FILE = "findings.jsonl";
    public static final String REPORT_FILE = "report.txt";
    private static final Finding STOP = new Finding("stop", "", new Finding.Resource("", "", "", null), List.of(), List.of(), false, new int[0]);

    private final Path dir;
    private final BlockingQueue<Finding> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private Writer jsonl;

    public ReportWriter(Path dir) {
        this.dir = dir;
        this.jsonl = open(dir);
        this.thread = new Thread(this::drain, "racewatch-reporter");
        thread.setDaemon(true);
        thread.start();
        Findings.addListener(queue::add);
    }

    /** True when findings are being written to the report directory (not only to the log). */
    public boolean writable() {
        return jsonl != null;
    }

    private static Writer open(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.newBufferedWriter(dir.resolve(FINDINGS_FILE), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            Log.error("cannot write reports to " + dir.toAbsolutePath() + " (" + e + "); findings go to the log only", null);
            return null;
        }
    }

    private void drain() {
        ThreadState.markAgentThread();
        try {
            while (true) {
                Finding f = queue.take();
                if (f == STOP) {
                    return;
                }
                write(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Finding f) {
        Log.warn(FindingText.render(f));
        if (jsonl == null) {
            return;
        }
        try {
            jsonl.write(FindingJson.line(f));
            jsonl.write('\n');
            jsonl.flush();
        } catch (IOException e) {
            Log.error("cannot append to " + dir.resolve(FINDINGS_FILE) + " (" + e + "); findings go to the log only", null);
            jsonl = null;
        }
    }

    /** Writes what is still queued, then {@code report.txt} and {@code racewatch.sarif}, and logs a one-line summary. */
    public void close() {
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Finding> all = Findings.all();
        List<Finding> suppressed = Findings.suppressed();
        String summary = summary(all, suppressed);
        if (jsonl != null) {
            try {
                jsonl.close();
                Files.writeString(dir.resolve(REPORT_FILE), report(all, suppressed, summary), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve(SarifReport.FILE),
                    SarifReport.render(all, suppressed, new SourcePaths(Path.of(""))), StandardCharsets.UTF_8);
                LockWaitReport.write(dir);
                summary += "; report: " + dir.resolve(REPORT_FILE).toAbsolutePath() + "; lock waits: "
                    + dir.resolve(LockWaitReport.TEXT_FILE).toAbsolutePath();
            } catch (IOException e) {
                Log.error("cannot write " + dir.resolve(REPORT_FILE) + " (" + e + ")", null);
            }
        }
        Log.info(summary);
    }

    static String summary(List<Finding> all, List<Finding> suppressed) {
        Map<String, Integer> byKind = new TreeMap<>();
        for (Finding f : all) {
            byKind.merge(f.kind(), 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder().append(all.size()).append(all.size() == 1 ? " finding" : " findings");
        if (!byKind.isEmpty()) {
            s.append(' ').append(byKind.toString().replace('{', '(').replace('}', ')').replace('=', ':'));
        }
        if (!suppressed.isEmpty()) {
            s.append("; ").append(suppressed.size()).append(" suppressed");
        }
        if (Faults.count() > 0) {
            s.append("; ").append(Faults.count()).append(" internal errors");
        }
        return s.toString();
    }

    static String report(List<Finding> all, List<Finding> suppressed, String summary) {
        StringBuilder out = new StringBuilder("racewatch report: ").append(summary).append("\n\n");
        for (String cap : Limits.hits()) {
            out.append("note: ").append(cap).append('\n');
        }
        int n = 1;
        for (Finding f : all) {
            out.append(n++).append(". ").append(FindingText.render(f));
            if (f.test() != null) {
                out.append("  during test ").append(f.test().name()).append('\n');
            }
            out.append('\n');
        }
        if (!suppressed.isEmpty()) {
            out.append("Suppressed (").append(suppressed.size()).append("), counted here so that none hides:\n");
            for (Finding f : suppressed) {
                out.append("  ").append(f.kind()).append(" on ").append(f.resource().name()).append(" at ")
                    .append(f.accesses().isEmpty() ? "?" : f.accesses().get(0).site().shortForm())
                    .append(f.test() == null ? "" : " during test " + f.test().name()).append(" x").append(f.count())
                    .append(": ").append(f.suppression().describe()).append('\n');
            }
        }
        return out.toString();
    }
}

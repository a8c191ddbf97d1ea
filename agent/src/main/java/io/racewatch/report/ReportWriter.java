package io.racewatch.report;

import io.racewatch.runtime.Log;
import io.racewatch.runtime.AgentThreads;
import io.racewatch.runtime.Faults;
import io.racewatch.runtime.Unresolved;
import io.racewatch.runtime.Limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes findings as they are made, on racewatch's reporter thread so that no probe waits on
 * I/O or runs the application's logging: a line of {@code findings.jsonl} (written whole at
 * once, so a killed JVM loses at most the line in flight) and the text form to the log. At exit,
 * this JVM's report part, and {@code report.txt} and {@code racewatch.sarif} rebuilt from every
 * JVM's part (see {@link ReportDirectory}). The reporter thread starts with the first finding or
 * message; a JVM that finds nothing has none.
 *
 * <p>If the report directory cannot be written, that is said once and findings still reach the log.
 */
public final class ReportWriter {
    public static final String FINDINGS_FILE = ReportDirectory.FINDINGS;
    public static final String REPORT_FILE = ReportDirectory.REPORT;
    /** Queued last by {@link #close}: the reporter thread ends when it takes it. */
    private static final Runnable STOP = new Stop();

    private final Path dir;
    /** When racewatch started: names this JVM's part of the directory. */
    private final long startedMillis = System.currentTimeMillis();
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private volatile Thread thread;
    /** False once the directory is known unusable (said once); findings then reach the log only. */
    private volatile boolean writable;
    /** Opened with the first finding or at exit: joining the directory's run costs start-up time. */
    private ReportDirectory out;

    public ReportWriter(Path dir) {
        this.dir = dir;
        this.writable = prepare(dir);
        Findings.addListener(new QueueFinding());
        Log.deferTo(new Defer());
    }

    /** True when findings are being written to the report directory (not only to the log). */
    public boolean writable() {
        return writable;
    }

    /** Creates the directory now, so that one that cannot be made is said at start-up. */
    private static boolean prepare(Path dir) {
        try {
            if (!Files.isDirectory(dir)) { // createDirectories throws and catches inside when it exists
                Files.createDirectories(dir);
            }
            if (!Files.isWritable(dir)) {
                throw new IOException("not writable");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            cannotWrite(dir, e);
            return false;
        }
    }

    private static void cannotWrite(Path dir, Exception e) {
        Log.error("cannot write reports to " + dir.toAbsolutePath() + " (" + e + "); findings go to the log only", null);
    }

    /** The directory, opened the first time; null when it cannot be written (said once). */
    private synchronized ReportDirectory directory() {
        if (out == null && writable) {
            try {
                out = ReportDirectory.open(dir, startedMillis);
            } catch (IOException | RuntimeException e) {
                writable = false;
                cannotWrite(dir, e);
            }
        }
        return out;
    }

    /** Hands work to the reporter thread, starting it the first time. */
    void later(Runnable work) {
        queue.add(work);
        if (thread == null) {
            startThread();
        }
    }

    private synchronized void startThread() {
        if (thread == null) {
            Thread t = AgentThreads.create("reporter", new Drain());
            t.start();
            thread = t;
        }
    }

    private void drain() {
        while (true) {
            try {
                Runnable work = queue.take();
                if (work == STOP) {
                    return;
                }
                work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // An Error too: OutOfMemoryError while the program fills the heap on purpose (in
                // the work, or in take(), whose wait allocates). The reporter outlives it, or
                // every later finding would wait for shutdown.
                Faults.report("report writing", e);
            }
        }
    }

    private void write(Finding f) {
        Log.warn(FindingText.render(f));
        ReportDirectory d = directory();
        if (d == null) {
            return;
        }
        try {
            d.appendFinding(FindingJson.line(f, d.jvmLabel));
        } catch (IOException e) {
            Log.error("cannot append to " + dir.resolve(FINDINGS_FILE) + " (" + e + "); findings go to the log only", null);
            synchronized (this) {
                writable = false;
                out = null;
            }
        }
    }

    /** Writes what is still queued, then the reports, and logs a one-line summary. */
    public void close() {
        Log.deferTo(null);
        Thread t = thread;
        if (t != null) {
            queue.add(STOP);
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runnable left;
        while ((left = queue.poll()) != null && left != STOP) {
            left.run(); // the thread did not get to them (never started, or too slow)
        }
        List<Finding> all = Findings.all();
        List<Finding> suppressed = Findings.suppressed();
        String summary = summary(all, suppressed);
        ReportDirectory d = directory();
        if (d != null) {
            try {
                SourcePaths paths = new SourcePaths(Path.of(""));
                d.finish(report(all, suppressed, summary, d.jvmText), SarifReport.results(all, suppressed, paths), paths);
                LockWaitReport.write(dir);
                summary += "; report: " + dir.resolve(REPORT_FILE).toAbsolutePath() + "; lock waits: "
                    + dir.resolve(LockWaitReport.TEXT_FILE).toAbsolutePath();
            } catch (IOException | RuntimeException e) {
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
        if (!all.isEmpty()) {
            s.append("; ").append(bySeverity(all));
        }
        if (!suppressed.isEmpty()) {
            s.append("; ").append(suppressed.size()).append(" suppressed");
        }
        if (Faults.count() > 0) {
            s.append("; ").append(Faults.count()).append(" internal errors");
        }
        return s.toString();
    }

    /** {@code 1 error, 2 warnings, 0 notes}: what a reader triages first. */
    static String bySeverity(List<Finding> all) {
        int[] n = new int[3];
        for (Finding f : all) {
            n[Severity.rank(f.severity().level())]++;
        }
        return n[2] + (n[2] == 1 ? " error, " : " errors, ") + n[1] + (n[1] == 1 ? " warning, " : " warnings, ")
            + n[0] + (n[0] == 1 ? " note" : " notes");
    }

    /** The text report of findings merged from several JVMs (no single JVM to name). */
    static String report(List<Finding> all, List<Finding> suppressed, String summary) {
        return report(all, suppressed, summary, null);
    }

    private static String report(List<Finding> all, List<Finding> suppressed, String summary, String jvm) {
        StringBuilder out = new StringBuilder("racewatch report: ").append(summary)
            .append(jvm == null ? "" : " (JVM " + jvm + ")").append("\n\n");
        for (String cap : Limits.hits()) {
            out.append("note: ").append(cap).append('\n');
        }
        if (Unresolved.summary() != null) {
            out.append("note: ").append(Unresolved.summary()).append('\n');
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

    // Named classes, not lambdas: each lambda is a class spun at run time, at start-up here.

    private static final class Stop implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Each new finding goes to the reporter thread. */
    private final class QueueFinding implements java.util.function.Consumer<Finding> {
        @Override
        public void accept(Finding f) {
            later(new WriteFinding(f));
        }
    }

    private final class WriteFinding implements Runnable {
        private final Finding finding;

        WriteFinding(Finding finding) {
            this.finding = finding;
        }

        @Override
        public void run() {
            write(finding);
        }
    }

    /** Messages made on the application's threads are written by the reporter thread. */
    private final class Defer implements java.util.function.Consumer<Runnable> {
        @Override
        public void accept(Runnable message) {
            later(message);
        }
    }

    private final class Drain implements Runnable {
        @Override
        public void run() {
            drain();
        }
    }
}

package io.racewatch.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A report directory shared by every JVM that writes there (Surefire forks, jcstress forks,
 * several services on one volume). Each JVM appends its findings to {@code findings.jsonl}, a
 * whole line at a time under a file lock; at exit it leaves its own report part, named by its
 * start time and process id, and rebuilds {@code report.txt} and {@code racewatch.sarif} from
 * every part, under the directory's lock.
 *
 * <p>A run starts the directory afresh only when no JVM that wrote there is still alive and the
 * last run was started by another parent: JVMs started by one java process (one Maven build's
 * forks, one jcstress run, one test's child JVMs) add up, whenever they run.
 */
final class ReportDirectory {
    static final String FINDINGS = "findings.jsonl";
    static final String REPORT = "report.txt";
    private static final String STATE = ".racewatch";

    private final Path dir;
    private final Path jvms;
    /** This JVM, as the parts are named: start time then process id, so parts sort in start order. */
    final String jvm;
    /** Process id and start, for people: {@code 4242 started 2026-11-30T01:38:00Z}. */
    final String jvmText;
    /** Process id and start, as findings.jsonl names the JVM: {@code 4242@2026-11-30T01:38:00Z}. */
    final String jvmLabel;
    private final FileChannel findings;
    @SuppressWarnings("unused") // held for the JVM's lifetime: other JVMs see it alive through it
    private final FileLock alive;

    private ReportDirectory(Path dir, Path jvms, String jvm, String jvmText, FileChannel findings, FileLock alive) {
        this.dir = dir;
        this.jvms = jvms;
        this.jvm = jvm;
        this.jvmText = jvmText;
        this.jvmLabel = jvmText.replace(" started ", "@");
        this.findings = findings;
        this.alive = alive;
    }

    /**
     * Joins (or starts afresh) the run in {@code dir}; throws when the directory cannot be written.
     * {@code startedMillis} names this JVM's part: when racewatch started, not when the directory
     * was first needed (it is opened with the first finding, or at exit).
     */
    static ReportDirectory open(Path dir, long startedMillis) throws IOException {
        Path state = dir.resolve(STATE);
        Path jvms = state.resolve("jvms");
        if (!Files.isDirectory(jvms)) {
            Files.createDirectories(jvms);
        }
        ThisJvm self = ThisJvm.find();
        String jvm = zeroPadded(startedMillis, 13) + "-" + self.pid;
        String jvmText = self.pid + " started " + UtcText.of(startedMillis);
        FileLock alive;
        try (FileChannel lockFile = FileChannel.open(state.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            boolean othersAlive = sweepMarkers(jvms, jvm);
            // Made under the directory's lock: a JVM sweeping markers never sees one not yet locked.
            FileChannel marker = FileChannel.open(jvms.resolve(jvm + ".alive"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            alive = marker.lock();
            String run = self.run;
            Path runFile = state.resolve("run");
            String lastRun = Files.exists(runFile) ? Files.readString(runFile, StandardCharsets.UTF_8).trim() : null;
            boolean sameRun = othersAlive || (lastRun != null && !run.isEmpty() && run.equals(lastRun));
            if (!sameRun) {
                Files.deleteIfExists(dir.resolve(FINDINGS));
                Files.deleteIfExists(dir.resolve(REPORT));
                Files.deleteIfExists(dir.resolve(SarifReport.FILE));
                deleteParts(jvms, jvm);
                Files.writeString(runFile, run, StandardCharsets.UTF_8);
            }
        }
        FileChannel findings = FileChannel.open(dir.resolve(FINDINGS), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
        return new ReportDirectory(dir, jvms, jvm, jvmText, findings, alive);
    }

    /**
     * {@code value} in decimal with zeros before it up to {@code width} digits. Not String.format:
     * its first number loads the locale's data, about 40 ms of a trivial program's start-up.
     */
    static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    /** Removes the markers of JVMs that have ended (their lock is free); true when another JVM is alive. */
    private static boolean sweepMarkers(Path jvms, String self) throws IOException {
        boolean any = false;
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(jvms)) {
            for (Path m : markers) {
                String name = m.getFileName().toString();
                if (!name.endsWith(".alive") || name.equals(self + ".alive")) {
                    continue;
                }
                try (FileChannel c = FileChannel.open(m, StandardOpenOption.WRITE)) {
                    FileLock l = c.tryLock();
                    if (l == null) {
                        any = true;
                    } else {
                        l.release();
                        c.close();
                        Files.deleteIfExists(m);
                    }
                } catch (OverlappingFileLockException e) {
                    any = true;
                } catch (IOException gone) {
                    // removed meanwhile
                }
            }
        }
        return any;
    }

    private static void deleteParts(Path jvms, String self) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(jvms)) {
            for (Path p : parts) {
                if (!p.getFileName().toString().startsWith(self + ".")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Appends one line to {@code findings.jsonl}, whole, under the file's lock (other JVMs append too). */
    void appendFinding(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileLock ignored = findings.lock()) {
            while (bytes.hasRemaining()) {
                findings.write(bytes);
            }
        }
    }

    Path findingsFile() {
        return dir.resolve(FINDINGS);
    }

    Path reportFile() {
        return dir.resolve(REPORT);
    }

    /**
     * Leaves this JVM's part (its report text and its SARIF results) and rebuilds {@code report.txt}
     * and {@code racewatch.sarif} from every JVM's part, under the directory's lock.
     */
    void finish(String reportText, String sarifResults, SourcePaths paths) throws IOException {
        findings.close();
        Files.writeString(jvms.resolve(jvm + ".report.txt"), reportText, StandardCharsets.UTF_8);
        Files.writeString(jvms.resolve(jvm + ".sarif-results"), sarifResults, StandardCharsets.UTF_8);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(STATE).resolve("lock"), StandardOpenOption.CREATE,
                 StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            List<Path> reports = parts(".report.txt");
            List<String> texts = new ArrayList<>();
            for (Path p : reports) {
                texts.add(Files.readString(p, StandardCharsets.UTF_8));
            }
            List<String> fragments = new ArrayList<>();
            for (Path p : parts(".sarif-results")) {
                fragments.add(Files.readString(p, StandardCharsets.UTF_8));
            }
            replace(dir.resolve(REPORT), texts.size() == 1 ? texts.get(0) : combined(texts));
            replace(dir.resolve(SarifReport.FILE), SarifReport.log(fragments, paths));
        }
    }

    private static String combined(List<String> texts) {
        StringBuilder out = new StringBuilder("racewatch report: ").append(texts.size())
            .append(" JVMs wrote to this directory; each one's report follows, in the order they started.\n\n");
        for (String t : texts) {
            out.append(t).append(t.endsWith("\n") ? "" : "\n").append('\n');
        }
        return out.toString();
    }

    private List<Path> parts(String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        // No glob: a glob compiles to a regular expression, a few more classes to load at exit.
        try (DirectoryStream<Path> all = Files.newDirectoryStream(jvms)) {
            for (Path p : all) {
                if (p.getFileName().toString().endsWith(suffix)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Writes a whole file at once: a reader sees the old one or the new one. */
    private void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + jvm);
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException notAtomic) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package io.racewatch.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Optional;

/**
 * This JVM as the report directory names it: its process id, and the run it belongs to (the
 * nearest java process among its ancestors). Read from {@code /proc} where there is one: the
 * first use of {@link ProcessHandle} starts the JDK's process reaper pool (a thread pool, whose
 * classes racewatch hooks as they load), about 30 ms of a trivial program's start-up. Elsewhere
 * {@link ProcessHandle} answers.
 */
final class ThisJvm {
    private static final Path PROC = Paths.get("/proc");
    /** How far up the process tree the run's java process is looked for. */
    private static final int ANCESTORS = 8;

    final long pid;
    /** {@code pid@start} of the nearest java ancestor, or empty when there is none. */
    final String run;

    private ThisJvm(long pid, String run) {
        this.pid = pid;
        this.run = run;
    }

    static ThisJvm find() {
        if (Files.isDirectory(PROC.resolve("self"))) {
            try {
                return fromProc();
            } catch (IOException | RuntimeException unreadable) {
                // a /proc of another shape: ask the JDK
            }
        }
        return fromProcessHandle();
    }

    private static ThisJvm fromProc() throws IOException {
        long pid = Long.parseLong(Files.readSymbolicLink(PROC.resolve("self")).getFileName().toString());
        String[] stat = stat(pid);
        for (int depth = 0; depth < ANCESTORS; depth++) {
            long parent = Long.parseLong(stat[1]);
            if (parent <= 0) {
                break;
            }
            try {
                stat = stat(parent);
            } catch (IOException | RuntimeException gone) {
                break;
            }
            if (isJava(command(parent))) {
                // start in clock ticks since boot: compared only with what other JVMs of this version wrote
                return new ThisJvm(pid, parent + "@" + stat[19]);
            }
        }
        return new ThisJvm(pid, "");
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command name (which may hold spaces):
     * [0] state, [1] parent pid, ... [19] start time in clock ticks since boot.
     */
    private static String[] stat(long pid) throws IOException {
        String text = new String(read(PROC.resolve(Long.toString(pid)).resolve("stat")), StandardCharsets.US_ASCII);
        return text.substring(text.lastIndexOf(')') + 2).split(" ");
    }

    /** The executable's path, or the first word of its command line when the link cannot be read (another user's). */
    private static String command(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            return Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | RuntimeException unreadable) {
            try {
                String line = new String(read(dir.resolve("cmdline")), StandardCharsets.UTF_8);
                int end = line.indexOf('\0');
                return end < 0 ? line : line.substring(0, end);
            } catch (IOException | RuntimeException gone) {
                return "";
            }
        }
    }

    /**
     * A file's bytes through a plain file stream: {@code Files.readAllBytes} opens a {@code FileChannel},
     * whose two dozen classes are not in the JDK's class data archive (parsed at every exit, some 10 ms).
     */
    private static byte[] read(Path file) throws IOException {
        try (java.io.FileInputStream in = new java.io.FileInputStream(file.toString())) {
            return in.readAllBytes();
        }
    }

    private static boolean isJava(String command) {
        return command.endsWith("/java") || command.endsWith("\\java.exe") || command.endsWith("/java.exe");
    }

    private static ThisJvm fromProcessHandle() {
        ProcessHandle self = ProcessHandle.current();
        Optional<ProcessHandle> p = self.parent();
        for (int depth = 0; p.isPresent() && depth < ANCESTORS; depth++) {
            ProcessHandle h = p.get();
            if (isJava(h.info().command().orElse(""))) {
                return new ThisJvm(self.pid(), h.pid() + "@" + h.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
            }
            p = h.parent();
        }
        return new ThisJvm(self.pid(), "");
    }
}

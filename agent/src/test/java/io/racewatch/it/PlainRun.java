package io.racewatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test program in a child JVM WITHOUT the agent: the baseline its output under the agent must equal. */
final class PlainRun {
    private PlainRun() {
    }

    /** The program's stdout; fails if it does not exit 0 within 60 s. */
    static String stdout(Class<?> program, String... args) throws IOException, InterruptedException {
        return run(program, List.of(), args).stdout();
    }

    /** What the program printed, run with {@code extraClassPath} after the test classes; fails as {@link #stdout} does. */
    static Output run(Class<?> program, List<String> extraClassPath, String... args) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("racewatch.testClasses")));
        classPath.addAll(extraClassPath);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", String.join(java.io.File.pathSeparator, classPath), program.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("racewatch-plain", ".out");
        Path err = Files.createTempFile("racewatch-plain", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(program.getName() + " without the agent did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(program.getName() + " without the agent exited " + p.exitValue() + "\n"
                    + Files.readString(out) + Files.readString(err));
            }
            return new Output(Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Standard output and standard error of one run. */
    record Output(String stdout, String stderr) {
    }
}

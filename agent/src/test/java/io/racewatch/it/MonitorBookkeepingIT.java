package io.racewatch.it;

import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * racewatch's held-lock bookkeeping against the language's semantics, on generated methods
 * (see {@link MonitorPrograms}) compiled by javac and by the Eclipse compiler, run under the
 * agent; and HotSpot still compiles every such method with C2 once instrumented.
 */
class MonitorBookkeepingIT {
    private static final long[] SEEDS = {1, 2, 3};
    private static final int METHODS = 40;
    private static final Pattern VERDICT = Pattern.compile("checks=(\\d+) mismatches=(\\d+)");

    @TempDir
    Path dir;

    /** Writes the generated sources; returns the class names to run. */
    private List<String> writeSources(Path src) throws IOException {
        return writeSources(src, false);
    }

    private List<String> writeSources(Path src, boolean compilable) throws IOException {
        Path pkg = Files.createDirectories(src.resolve(MonitorPrograms.PACKAGE));
        Files.writeString(pkg.resolve("Held.java"), MonitorPrograms.support());
        List<String> names = new ArrayList<>();
        for (long seed : SEEDS) {
            String name = "Shapes" + seed;
            Files.writeString(pkg.resolve(name + ".java"), MonitorPrograms.program(name, seed, METHODS, compilable));
            names.add(name);
        }
        return names;
    }

    private static List<String> sourceFiles(Path src) throws IOException {
        try (var files = Files.walk(src)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
    }

    private void compile(String compiler, Path src, Path classes) throws IOException {
        List<String> args = new ArrayList<>(List.of("-g", "-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        if (compiler.equals("javac")) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            args.addAll(sourceFiles(src));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, null, err, args.toArray(String[]::new));
            assertEquals(0, rc, "javac: " + err);
        } else {
            args.add(0, "-17");
            args.add(0, "-nowarn");
            args.addAll(sourceFiles(src));
            StringWriter err = new StringWriter();
            boolean ok = BatchCompiler.compile(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err), null);
            assertTrue(ok, "ecj: " + err);
        }
    }

    private Path build(String compiler) throws IOException {
        return build(compiler, false);
    }

    private Path build(String compiler, boolean compilable) throws IOException {
        Path src = dir.resolve("src");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        writeSources(src, compilable);
        compile(compiler, src, classes);
        return classes;
    }

    private static String[] classNames() {
        return java.util.Arrays.stream(SEEDS).mapToObj(s -> "Shapes" + s).toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javac", "ecj"})
    void theLocksRacewatchSeesHeldAreTheOnesTheLanguageHolds(String compiler) throws Exception {
        Path classes = build(compiler);
        AgentRun.Result r = AgentRun.of("gen.Held").classpath(classes.toString())
            .rawAgentArgument("include=gen.*,report=" + dir.resolve("report")).args(classNames()).run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        Matcher m = VERDICT.matcher(r.stdout());
        assertTrue(m.find(), r.transcript());
        assertEquals("0", m.group(2), r.stdout());
        assertTrue(Integer.parseInt(m.group(1)) > 10_000, "every method ran its checks: " + r.stdout());
    }

    @Test
    void theGeneratedProgramsHoldTheShapesUnderTest() throws Exception {
        Path src = dir.resolve("src");
        writeSources(src);
        StringBuilder all = new StringBuilder();
        for (String name : classNames()) {
            all.append(Files.readString(src.resolve("gen/" + name + ".java")));
        }
        String block = "synchronized \\([^)]+\\) \\{\\s+";
        String method = "synchronized void m\\d+\\(Object\\[] ctx\\) \\{\\s+";
        for (String shape : List.of(block + "(\\w+: )?while \\(true\\)", block + "(\\w+: )?do \\{", block + "(\\w+: )?while \\(\\+\\+",
            block + "(\\w+: )?for ", block + "switch", block + "try \\{", block + "synchronized", method + "(\\w+: )?(while|do)",
            "static synchronized void", "break loop\\d+;", "continue loop\\d+;", "continue;", "break;", "return;",
            "throw new Boom\\(\\);", "catch \\(Boom", "\\} finally \\{", "Object l\\d+ = ")) {
            assertTrue(Pattern.compile(shape).matcher(all).find(), "no " + shape + " in the generated sources");
        }
    }

    /**
     * HotSpot compiles a method only if no path leaves it with a monitor held; C2 compiles each
     * instrumented method on its first call here, and reports any monitor it cannot match.
     * (Shapes HotSpot cannot compile in any case are left out: see {@link MonitorPrograms#program}.)
     */
    @Test
    void everyInstrumentedMethodStillCompilesWithC2() throws Exception {
        Path classes = build("javac", true);
        AgentRun.Result r = AgentRun.of("gen.Held").classpath(classes.toString())
            .rawAgentArgument("include=gen.*,report=" + dir.resolve("report"))
            .jvmOption("-XX:-TieredCompilation").jvmOption("-Xcomp").jvmOption("-XX:CompileCommand=quiet")
            .jvmOption("-XX:CompileCommand=compileonly,gen.*::*").jvmOption("-XX:+PrintCompilation")
            .jvmOption("-Xlog:monitormismatch=info")
            .args("Shapes1").run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        String out = r.stdout();
        assertTrue(VERDICT.matcher(out).find() && out.contains("mismatches=0"), out);
        assertFalse(out.contains("Monitor mismatch"), out);
        assertFalse(out.contains("COMPILE SKIPPED"), out);
        assertTrue(out.contains("gen.Shapes1::m" + (METHODS - 1)), "the methods were compiled: " + out);
    }
}

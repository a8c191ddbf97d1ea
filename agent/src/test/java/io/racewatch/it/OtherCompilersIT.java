package io.racewatch.it;

import kotlin.Lazy;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.KotlinLazy;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monitor shapes of compilers other than javac and ECJ (those two: {@link MonitorBookkeepingIT}),
 * taken from their real libraries.
 */
class OtherCompilersIT {
    private static final String KOTLIN_LAZY = "kotlin/SynchronizedLazyImpl";
    private static final String MOVED = "kshapes/SynchronizedLazyImpl";

    @TempDir
    Path dir;

    /** Kotlin's class, bytecode unchanged, in a package racewatch may instrument (it never touches kotlin.*). */
    private String kotlinClasspath() throws Exception {
        byte[] original;
        try (InputStream in = Lazy.class.getClassLoader().getResourceAsStream(KOTLIN_LAZY + ".class")) {
            original = in.readAllBytes();
        }
        ClassWriter out = new ClassWriter(0);
        new ClassReader(original).accept(new ClassRemapper(out, new SimpleRemapper(KOTLIN_LAZY, MOVED)), 0);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("kshapes"));
        Files.write(classes.resolve(MOVED + ".class"), out.toByteArray());
        String stdlib = Path.of(Lazy.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return String.join(File.pathSeparator, System.getProperty("racewatch.testClasses"), classes.toString(), stdlib);
    }

    private AgentRun kotlinLazy(String rounds) throws Exception {
        return AgentRun.of(KotlinLazy.class.getName()).classpath(kotlinClasspath())
            .rawAgentArgument("include=testprograms.*:kshapes.*,report=" + dir.resolve("report")).args(MOVED.replace('/', '.'), rounds);
    }

    @Test
    void kotlinSynchronizedIsHeldOnceInsideAndReleasedAfter() throws Exception {
        AgentRun.Result r = kotlinLazy("200").run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        assertTrue(r.stdout().contains("rounds=200 wrongInside=0 wrongAfter=0"), r.transcript());
    }

    /**
     * C2 compiles Kotlin's instrumented synchronized block: the acquired probe and the normal
     * exit's release probe (before the label where Kotlin's handler range ends) are both inside it.
     */
    @Test
    void kotlinSynchronizedStillCompilesWithC2() throws Exception {
        AgentRun.Result r = kotlinLazy("3")
            .jvmOption("-XX:-TieredCompilation").jvmOption("-Xcomp").jvmOption("-XX:CompileCommand=quiet")
            .jvmOption("-XX:CompileCommand=compileonly,kshapes.SynchronizedLazyImpl::getValue").jvmOption("-XX:+PrintCompilation")
            .jvmOption("-Xlog:monitormismatch=info").run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("kshapes.SynchronizedLazyImpl::getValue"), r.transcript());
        assertFalse(r.stdout().contains("Monitor mismatch"), r.transcript());
        assertFalse(r.stdout().contains("COMPILE SKIPPED"), r.transcript());
        assertTrue(r.stdout().contains("wrongInside=0 wrongAfter=0"), r.transcript());
    }
}

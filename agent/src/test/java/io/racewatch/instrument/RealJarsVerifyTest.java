package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of real libraries from Maven Central (test dependencies of this module), rewritten
 * as {@code include=*} would rewrite it, passes the JVM's verifier: Scala, Akka, Groovy 1.7 (class
 * files of Java 5 and older), H2, Netty, Guava, Spring Core, Kotlin, log4j 1 and Derby.
 */
class RealJarsVerifyTest {
    private static final List<String> JARS = System.getProperty("jars") != null ? List.of(System.getProperty("jars").split(",")) : List.of("scala-library-2.13", "akka-actor_2.13-2.6", "groovy-all-1.7", "h2-2.",
        "netty-common-4.1", "netty-transport-4.1", "guava-33", "spring-core-5", "kotlin-stdlib-1.9", "log4j-1.2.17", "derby-10.14");

    @Test
    void everyRewrittenClassVerifies() throws Exception {
        List<Path> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.add(Path.of(entry));
        }
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        int verified = 0;
        long start = System.nanoTime();
        // The jars are independent: checked side by side, each with its own loaders and type pool.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
        try {
            List<java.util.concurrent.Future<JarRewriteCheck.Result>> results = new ArrayList<>();
            for (String prefix : JARS) {
                Path jar = classPath.stream().filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError(prefix + "* is not on the test class path"));
                List<Path> dependencies = new ArrayList<>(classPath);
                dependencies.remove(jar);
                results.add(pool.submit(() -> JarRewriteCheck.check(jar, dependencies)));
            }
            for (java.util.concurrent.Future<JarRewriteCheck.Result> f : results) {
                JarRewriteCheck.Result r = f.get();
                summary.append(r).append('\n');
                verified += r.verified();
                assertTrue(r.changed() > 0, "the rewrite changed some classes of " + r.jar());
                for (String failure : r.failures()) {
                    failures.add(r.jar() + ": " + failure);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        summary.append(String.format("%d classes verified in %.1f s%n", verified, (System.nanoTime() - start) / 1e9));
        System.out.print(summary);
        java.nio.file.Files.writeString(Path.of("target", "real-jars-verify.txt"), summary + "\n" + String.join("\n", failures) + "\n");
        assertTrue(verified > 10_000, "classes verified: " + verified + "\n" + summary);
        assertEquals("", String.join("\n", failures.subList(0, Math.min(60, failures.size()))),
            failures.size() + " classes failed after rewriting\n" + summary);
    }
}

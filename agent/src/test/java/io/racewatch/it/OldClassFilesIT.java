package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import testprograms.OldClassFiles;
import testprograms.old.Account;
import testprograms.old.UnsyncTally;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classes of old class-file versions get the same treatment as new ones: synchronized methods are
 * monitors, maps inside them are ordered by them. The fixtures are this module's
 * {@code testprograms.old} classes rewritten here to version 49 (no stack map frames, as Java 5
 * compilers wrote them) or 50 (with frames as javac 6 wrote them, or without, as other tools did).
 */
class OldClassFilesIT {
    /** The hand-off is hidden from the agent; so is the driver's class loader (its lock is not under test). */
    private static final String EXCLUDE = "exclude=testprograms.Handoff*:testprograms.OldClassFiles$OldClasses";

    @TempDir
    Path report;
    @TempDir
    Path classes;

    @ParameterizedTest(name = "version {0}, frames {1}")
    @CsvSource({"49, false", "50, true", "50, false"})
    void lockOrderInversionBetweenSynchronizedMethodsIsReported(int version, boolean frames) throws Exception {
        writeOld(version, frames);
        AgentRun.Result r = AgentRun.of(OldClassFiles.class).option(EXCLUDE).args(classes.toString(), "lock-order").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("class-file version " + version), r.transcript());
        assertTrue(r.stdout().contains("balances -5 5"), "the program computed what it computes without the agent: " + r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        List<JsonNode> found = r.findings("lock-order");
        assertEquals(1, found.size(), ItAssertions.summary(r) + r.transcript());
        Set<String> sites = StreamSupport.stream(found.get(0).get("accesses").spliterator(), false)
            .map(a -> a.at("/site/class").asText() + ":" + a.at("/site/line").asInt()).collect(Collectors.toSet());
        assertEquals(Set.of(Account.class.getName() + ":" + SourceLines.of(Account.class, "@outer"),
            Account.class.getName() + ":" + SourceLines.of(Account.class, "@inner")), sites, ItAssertions.summary(r));
    }

    @ParameterizedTest(name = "version {0}, frames {1}")
    @CsvSource({"49, false", "50, true", "50, false"})
    void aMapUsedOnlyInsideSynchronizedMethodsIsSilent(int version, boolean frames) throws Exception {
        writeOld(version, frames);
        // About maps: a lock-hold warning on a loaded machine (the synchronized tally held past 100 ms) is not its subject.
        AgentRun.Result r = AgentRun.of(OldClassFiles.class).option(EXCLUDE).option("holdThresholdMs=600000")
            .args(classes.toString(), "tally").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("class-file version " + version) && r.stdout().contains("count 2"), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        assertEquals(List.of(), r.findings(), ItAssertions.summary(r));
    }

    @ParameterizedTest(name = "version {0}, frames {1}")
    @CsvSource({"49, false", "50, true"})
    void itsUnsynchronizedTwinIsReported(int version, boolean frames) throws Exception {
        writeOld(version, frames);
        AgentRun.Result r = AgentRun.of(OldClassFiles.class).option(EXCLUDE).args(classes.toString(), "unsync-tally").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().contains("class-file version " + version), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        boolean atTwin = false;
        for (JsonNode f : r.findings()) {
            for (JsonNode a : f.path("accesses")) {
                atTwin |= ItAssertions.at(a, UnsyncTally.class, "@read") || ItAssertions.at(a, UnsyncTally.class, "@write");
            }
        }
        assertFalse(r.findings("map-rmw").isEmpty() && r.findings("map-unsafe").isEmpty(), ItAssertions.summary(r));
        assertTrue(atTwin, "a map finding at UnsyncTally's get and put: " + ItAssertions.summary(r));
    }

    /** The {@code testprograms.old} classes as class files of {@code version}, with or without stack map frames. */
    private void writeOld(int version, boolean frames) throws IOException {
        Path from = Path.of(System.getProperty("racewatch.testClasses"), "testprograms", "old");
        Path to = Files.createDirectories(classes.resolve("testprograms").resolve("old"));
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                ClassReader reader = new ClassReader(Files.readAllBytes(f));
                ClassWriter writer = new ClassWriter(0);
                reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
                        super.visit(version, access, name, signature, superName, interfaces);
                    }
                }, frames ? 0 : ClassReader.SKIP_FRAMES);
                Files.write(to.resolve(f.getFileName()), writer.toByteArray());
            }
        }
    }
}

package io.racewatch.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.UnresolvableTypes;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classes whose loader shows no class files (generated proxies, as Mockito 1's CGLIB classes):
 * the program runs as without the agent, and racewatch says at most one line about them, never a
 * stack trace; what it could not rewrite is counted in report.txt.
 */
class UnresolvableTypesIT {
    @TempDir
    Path report;

    @Test
    void classesWithUnreadableTypesCostOneLineAtMost() throws Exception {
        AgentRun.Result r = AgentRun.of(UnresolvableTypes.class).option("exclude=testprograms.UnresolvableTypes$*").run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertEquals(3, r.stdout().lines().filter(l -> l.equals("generated class works: yes")).count(), r.transcript());
        ItAssertions.assertNoAgentFailure(r);
        long lines = r.stderr().lines().filter(l -> l.contains("testprograms.unresolvable")).count();
        assertTrue(lines <= 1, "one line at most for the three classes: " + r.transcript());
        String text = ItAssertions.reportText(report);
        assertEquals(lines == 1, text.contains("left uninstrumented"), "the line and the count go together: " + text + r.transcript());
    }
}

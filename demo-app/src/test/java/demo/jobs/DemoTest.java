package demo.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's own behaviour: the fixed code is correct, the command line is parsed as documented. */
class DemoTest {
    @Test
    void fixedSeederCreatesEachUserOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            UserSeeder seeder = new UserSeeder(true);
            boolean[] inserted = new boolean[2];
            MapScenarios.runTogether("a", () -> inserted[0] = seeder.seed("x@example.com"),
                "b", () -> inserted[1] = seeder.seed("x@example.com"));
            assertTrue(inserted[0] ^ inserted[1], "exactly one worker inserts, round " + round);
            assertEquals(1, seeder.size());
        }
    }

    @Test
    void buggySeederIsCorrectOnOneThread() {
        UserSeeder seeder = new UserSeeder(false);
        assertTrue(seeder.seed("x@example.com"));
        assertFalse(seeder.seed("x@example.com"));
        assertEquals(1, seeder.size());
    }

    @Test
    void fixedMapScenariosReportCorrectOutcomes() throws Exception {
        assertTrue(Main.selected("lock-registry").get(0).run(true).endsWith("(1 lock)"));
        assertTrue(Main.selected("job-tracker").get(0).run(true).endsWith("(job-1 progress 50 of 50)"));
        assertTrue(Main.selected("user-seeder").get(0).run(true).endsWith("(2 created for 2 emails)"));
    }

    @Test
    void fixedTrackerLosesNoUpdate() throws Exception {
        JobTracker tracker = new JobTracker(true);
        tracker.register("job");
        Runnable advance = () -> {
            for (int i = 0; i < 10_000; i++) {
                tracker.advance("job", 1);
            }
        };
        MapScenarios.runTogether("a", advance, "b", advance);
        assertEquals(20_000, tracker.status("job").progress());
    }

    @Test
    void fixedRegistryHandsOutOneLockPerJob() throws Exception {
        LockRegistry registry = new LockRegistry(true);
        assertTrue(registry.lockFor("job") == registry.lockFor("job"));
    }

    @Test
    void loadModeCountsItsOperations() throws Exception {
        String line = new LoadMode(4_000, 0, 2).run();
        assertTrue(line.startsWith("load: ops=4000 threads=2 elapsedMs="), line);
    }

    @Test
    void argumentsAreParsedAsDocumented() {
        Arguments a = Arguments.parse(new String[] {"--load", "--ops", "500", "--threads", "4"});
        assertTrue(a.load());
        assertEquals(500, a.ops());
        assertEquals(4, a.threads());
        assertEquals("job-tracker", Arguments.parse(new String[] {"--fixed", "--only", "job-tracker"}).only());
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--ops", "-1"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--bogus"}));
    }

    @Test
    void loadDefaultsAndNumberForms() {
        Arguments a = Arguments.parse(new String[] {"--load"});
        assertEquals(2_000_000, a.ops());
        assertEquals(0, a.seconds());
        assertEquals(2, a.threads());
        assertEquals(2_000_000, Arguments.parse(new String[] {"--load", "--ops", "2_000_000"}).ops());
        assertEquals(3, Arguments.parse(new String[] {"--load", "--seconds", "3"}).seconds());
    }

    @Test
    void badCommandLinesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--load", "--ops", "10", "--seconds", "1"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--load", "--only", "job-tracker"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--ops", "many"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--threads", "0"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--threads", "100000"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--only"}));
    }

    @Test
    void onlyPicksOneScenarioAndRejectsUnknownNames() {
        assertEquals(Main.scenarios().size(), Main.selected(null).size());
        for (String name : new String[] {"lock-registry", "job-tracker", "user-seeder"}) {
            assertEquals(name, Main.selected(name).get(0).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.selected("job-traker"));
        assertTrue(e.getMessage().contains("job-tracker"), e.getMessage());
    }
}

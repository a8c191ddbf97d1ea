package demo.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's own behaviour: the fixed code is correct, the command line is parsed as documented. */
class DemoTest {
    @Test
    void fixedSeederCreatesEachUserOnce() throws Exception {
        UserSeeder seeder = new UserSeeder(true);
        MapScenarios.runTogether("a", () -> seeder.seed("x@example.com"), "b", () -> seeder.seed("x@example.com"));
        assertEquals(1, seeder.created());
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
}

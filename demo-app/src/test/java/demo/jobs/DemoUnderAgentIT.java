package demo.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, as a test: the demo jar under the agent must report each seed's bug
 * by kind, resource and sites, and nothing else; with {@code --fixed} it must report nothing.
 * Each finding is reduced to one line: kind, resource (and timer event), then each access as
 * {@code op Class.method:line}.
 */
class DemoUnderAgentIT {
    /**
     * One entry per seed bug, each the lines it may be reported as; every entry must be reported.
     * A check-then-act's third access is the other thread's check or its write, whichever the run saw.
     */
    private static final List<Set<String>> EXPECTED = List.of(
        Set.of("map-rmw LockRegistry.locks | get LockRegistry.lockFor:28 | put LockRegistry.lockFor:31 | get LockRegistry.lockFor:28",
            "map-rmw LockRegistry.locks | get LockRegistry.lockFor:28 | put LockRegistry.lockFor:31 | put LockRegistry.lockFor:31"),
        Set.of("map-rmw JobTracker.jobs | get JobTracker.beat:40 | put JobTracker.beat:41 | put JobTracker.advance:32"),
        Set.of("map-rmw JobTracker.jobs | get JobTracker.advance:31 | put JobTracker.advance:32 | put JobTracker.beat:41"),
        Set.of("map-rmw UserSeeder.users | containsKey UserSeeder.seed:33 | put UserSeeder.seed:34 | put UserSeeder.seed:34",
            "map-rmw UserSeeder.users | containsKey UserSeeder.seed:33 | put UserSeeder.seed:34 | containsKey UserSeeder.seed:33"),
        Set.of("lock-hold ConfigCache.lock | lock ConfigCache.refresh:34 | unlock ConfigCache.refresh:36 | while holding ConfigCache.refresh:36"),
        // A cycle is reported from its least lock name, whichever of its orders closed it.
        Set.of("lock-order Accounts.billingLock <-> Accounts.ledgerLock | lock Accounts.billingLock Accounts.charge:21"
            + " | lock Accounts.ledgerLock Accounts.charge:22 | lock Accounts.ledgerLock Accounts.audit:37"
            + " | lock Accounts.billingLock Accounts.audit:38"),
        Set.of("timer-outlives-owner scheduleAtFixedRate at WorkerConnection.<init>:25 closed"
            + " | scheduleAtFixedRate WorkerConnection.<init>:25 | close WorkerConnection.close:42"),
        Set.of("timer-outlives-owner scheduleAtFixedRate at WorkerConnection.<init>:25 ran-after-close"
            + " | scheduleAtFixedRate WorkerConnection.<init>:25 | close WorkerConnection.close:42"
            + " | run WorkerConnection.<init>:25 | merge WorkerConnection.sendHeartbeat:29"),
        Set.of("timer-outlives-owner submit at Session.prefetch:25 closed | submit Session.prefetch:25 | close Session.close:43"),
        Set.of("timer-outlives-owner submit at Session.prefetch:25 ran-after-close | submit Session.prefetch:25"
            + " | close Session.close:43 | run Session.prefetch:25 | get Session.load:29"),
        Set.of("timer-outlives-owner schedule at StatusPoller.start:37 closed | schedule StatusPoller.start:37 | stop StatusPoller.stop:60"));

    /**
     * Reported in some runs only: two unforced puts of the racing threads overlapping inside the
     * HashMap (a real race, but whether it is seen depends on the schedule); and the hot lock of
     * the lock-wait scenario held past the 100 ms threshold, which happens on a loaded machine
     * (its first hold formats a string, loading the formatter's classes, and the holder can be
     * descheduled): a real hold of that length, as the message says.
     */
    private static final Set<String> SOMETIMES = Set.of(
        "map-unsafe JobTracker.jobs | put JobTracker.advance:32 | put JobTracker.beat:41",
        "map-unsafe JobTracker.jobs | put JobTracker.beat:41 | put JobTracker.advance:32",
        "map-unsafe UserSeeder.users | put UserSeeder.seed:34 | put UserSeeder.seed:34",
        "lock-hold Metrics.this | lock Metrics.recordLocked:30 | unlock Metrics.recordLocked:30");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBuggyDemoReportsEachSeedsBugAtItsSitesAndNothingElse() throws Exception {
        List<String> found = runDemo("buggy");
        List<Set<String>> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>(found);
        unexpected.removeAll(SOMETIMES);
        for (Set<String> bug : EXPECTED) {
            if (found.stream().noneMatch(bug::contains)) {
                missing.add(bug);
            }
            unexpected.removeAll(bug);
        }
        assertTrue(missing.isEmpty(), "not reported: " + missing + "\nreported: " + found);
        assertTrue(unexpected.isEmpty(), "reported beyond the seeds' bugs: " + unexpected);
    }

    @Test
    void theFixedDemoReportsNothing() throws Exception {
        assertEquals(List.of(), runDemo("fixed", "--fixed"));
    }

    private static List<String> runDemo(String name, String... demoArguments) throws IOException, InterruptedException {
        Path reports = Paths.get(System.getProperty("racewatch.reports", "target/demo-runs")).resolve(name);
        deleteFindings(reports);
        List<String> command = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + System.getProperty("racewatch.agentJar") + "=include=demo.jobs.*,report=" + reports,
            "-jar", System.getProperty("racewatch.demoJar")));
        command.addAll(List.of(demoArguments));
        Path output = Files.createDirectories(reports).resolve("output.txt");
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(demo.waitFor(5, TimeUnit.MINUTES), "the demo did not end within 5 minutes");
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, demo.exitValue(), printed);
        List<String> found = new ArrayList<>();
        Path findings = reports.resolve("findings.jsonl");
        if (Files.exists(findings)) {
            for (String line : Files.readAllLines(findings, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    found.add(describe(JSON.readTree(line)));
                }
            }
        }
        return found;
    }

    /** kind, resource name (and a timer's event), then each access as {@code op Class.method:line}. */
    private static String describe(JsonNode finding) {
        JsonNode resource = finding.path("resource");
        StringBuilder line = new StringBuilder(finding.path("kind").asText()).append(' ')
            .append(resource.path("name").asText());
        if (resource.has("event")) {
            line.append(' ').append(resource.path("event").asText());
        }
        for (JsonNode access : finding.path("accesses")) {
            JsonNode site = access.path("site");
            String className = site.path("class").asText();
            line.append(" | ").append(access.path("op").asText()).append(' ')
                .append(className.substring(className.lastIndexOf('.') + 1)).append('.')
                .append(site.path("method").asText()).append(':').append(site.path("line").asInt());
        }
        return line.toString();
    }

    private static void deleteFindings(Path reports) throws IOException {
        Files.deleteIfExists(reports.resolve("findings.jsonl"));
    }
}

package io.racewatch.it;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.Contention;
import testprograms.LostUpdate;
import testprograms.RecordingStartedInMain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Child JVMs record Flight Recorder files while racy programs run under the agent; the events are read back. */
class FlightRecorderIT {
    @TempDir
    Path dir;

    private static List<RecordedEvent> racewatchEvents(Path recording) throws Exception {
        return RecordingFile.readAllEvents(recording).stream()
            .filter(e -> e.getEventType().getName().startsWith("io.racewatch.")).toList();
    }

    @Test
    void aRaceIsAnEventOfItsKindWithItsResourceSitesAndThreads() throws Exception {
        Path recording = dir.resolve("race.jfr");
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*")
            .jvmOption("-XX:StartFlightRecording=filename=" + recording).run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        String file = "(LostUpdate.java:";
        String readB = LostUpdate.class.getName() + ".lambda$main$1" + file + SourceLines.of(LostUpdate.class, "@read-b") + ")";
        List<RecordedEvent> races = racewatchEvents(recording).stream()
            .filter(e -> e.getEventType().getName().equals("io.racewatch.MapReadModifyWrite")).toList();
        assertEquals(r.findings("map-rmw").size(), races.size(), "one event per finding: " + races + "\n" + r.transcript());
        List<RecordedEvent> lost = races.stream().filter(e -> readB.equals(e.getString("firstSite"))).toList();
        assertEquals(1, lost.size(), races.toString());
        RecordedEvent e = lost.get(0);
        assertEquals("Map Read-Modify-Write Race", e.getEventType().getLabel());
        assertEquals("map-rmw", e.getString("kind"));
        assertEquals("error", e.getString("severity"));
        assertEquals("LostUpdate.counts", e.getString("resource"));
        assertEquals("java.util.HashMap", e.getString("resourceClass"));
        assertEquals("hits", e.getString("key"));
        assertTrue(e.getBoolean("observed"));
        assertEquals(LostUpdate.class.getName() + ".lambda$main$0" + file + SourceLines.of(LostUpdate.class, "@write-a") + ")",
            e.getString("secondSite"));
        assertEquals("path-b, path-a", e.getString("threads"));
        assertTrue(e.getString("sites").contains("path-b put at " + LostUpdate.class.getName()), e.getString("sites"));
    }

    /** racewatch loads nothing of Flight Recorder at start-up: a recorder started later must still get the events. */
    @Test
    void aRecordingTheProgramStartsLaterGetsTheRaceEvents() throws Exception {
        Path recording = dir.resolve("later.jfr");
        AgentRun.Result r = AgentRun.of(RecordingStartedInMain.class).option("exclude=testprograms.Handoff*")
            .args(recording.toString()).run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        List<RecordedEvent> races = racewatchEvents(recording).stream()
            .filter(e -> e.getEventType().getName().equals("io.racewatch.MapReadModifyWrite")).toList();
        assertTrue(!r.findings("map-rmw").isEmpty(), r.transcript());
        assertEquals(r.findings("map-rmw").size(), races.size(), "one event per finding: " + races + "\n" + r.transcript());
        String readB = LostUpdate.class.getName() + ".lambda$main$1(LostUpdate.java:" + SourceLines.of(LostUpdate.class, "@read-b") + ")";
        assertTrue(races.stream().anyMatch(e -> readB.equals(e.getString("firstSite"))), races.toString());
    }

    @Test
    void eachLockIsAPeriodicStatisticsEventThatBlamesTheHolder() throws Exception {
        Path settings = dir.resolve("racewatch.jfc");
        Files.writeString(settings, """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0">
              <event name="io.racewatch.LockStatistics">
                <setting name="enabled">true</setting>
                <setting name="period">endChunk</setting>
              </event>
            </configuration>
            """);
        Path recording = dir.resolve("locks.jfr");
        AgentRun.Result r = AgentRun.of(Contention.class)
            .jvmOption("-XX:StartFlightRecording=filename=" + recording + ",settings=" + settings).run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        List<RecordedEvent> hot = racewatchEvents(recording).stream()
            .filter(e -> e.getEventType().getName().equals("io.racewatch.LockStatistics") && e.getString("lock").equals("Contention.hot"))
            .toList();
        assertTrue(!hot.isEmpty(), racewatchEvents(recording) + "\n" + r.transcript());
        RecordedEvent last = hot.get(hot.size() - 1);
        assertEquals(2 * Contention.ROUNDS, last.getLong("acquisitions"), last.toString());
        assertEquals(Contention.ROUNDS, last.getLong("contended"), last.toString());
        assertEquals(0.5, last.getDouble("contendedShare"), 1e-9);
        assertTrue(last.getString("topHolder").startsWith("holder at Contention.lambda$contendLock$"), last.toString());
        assertTrue(last.getLong("waitMax") >= last.getLong("waitP50"), last.toString());
    }

    @Test
    void jfrFalseEmitsNoEvents() throws Exception {
        Path recording = dir.resolve("off.jfr");
        AgentRun.Result r = AgentRun.of(LostUpdate.class).option("exclude=testprograms.Handoff*").option("jfr=false")
            .jvmOption("-XX:StartFlightRecording=filename=" + recording).run(dir.resolve("report"));
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(!r.findings("map-rmw").isEmpty(), "the race is still found: " + r.transcript());
        assertEquals(List.of(), racewatchEvents(recording));
    }
}

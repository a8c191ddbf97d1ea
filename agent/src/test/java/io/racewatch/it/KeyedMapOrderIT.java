package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import testprograms.BesideLibraryMap;

import java.nio.file.Path;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.assertRmwShape;
import static io.racewatch.it.ItAssertions.sameCodeRmw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hooks inside ConcurrentHashMap order an unchecked library's hand-offs per key, and nothing
 * more: a race of checked code next to a library's map, whose other keys both threads use, is
 * still reported, on a checked ConcurrentHashMap (whose own calls the map model keeps) as on a
 * HashMap. The clean hand-offs are in {@link HappensBeforeAtSourceIT} ({@code HandedOffInLibrary}).
 */
class KeyedMapOrderIT {
    @TempDir
    Path report;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"concurrent, java.util.concurrent.ConcurrentHashMap", "hash, java.util.HashMap"})
    void checkedRaceBesideLibraryMapIsReported(String map, String mapClass) throws Exception {
        AgentRun.Result r = Twins.run(BesideLibraryMap.class, map, "racy", java.util.List.of("exclude=testprograms.lib.*")).run(report);
        assertEquals(0, r.exitCode(), r.transcript());
        assertTrue(r.stdout().startsWith(map + " count="), r.transcript());
        JsonNode f = sameCodeRmw(r, BesideLibraryMap.class, "@read", "@write");
        assertRmwShape(f, "get");
        assertEquals(mapClass, f.at("/resource/class").asText(), f.toString());
        assertEquals("k", f.at("/resource/key").asText(), f.toString());
        assertNoAgentFailure(r);
    }
}

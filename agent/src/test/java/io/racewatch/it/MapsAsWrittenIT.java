package io.racewatch.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testprograms.KeyedMaps;
import testprograms.LruCache;
import testprograms.MapNames;
import testprograms.MethodRefs;
import testprograms.RefShapes;
import testprograms.RevalidatedRemove;
import testprograms.WeakReads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.racewatch.it.ItAssertions.assertNoAgentFailure;
import static io.racewatch.it.ItAssertions.findingAt;
import static io.racewatch.it.ItAssertions.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maps as real code reaches them: weak and identity maps (and synchronized wrappers around them)
 * checked per key, method references to map and lock methods, access-ordered LinkedHashMaps whose
 * get is a write, maps named through getters, and a check re-validated under a lock. Each racy
 * program is reported; its clean twin is silent.
 */
class MapsAsWrittenIT {
    private static final String HIDDEN_HANDOFF = "exclude=testprograms.Handoff*";

    @TempDir
    Path report;

    private int runs;

    /** One run, reporting into a directory of its own (runs sharing one directory share their findings). */
    private AgentRun.Result run(Class<?> program, String... args) throws Exception {
        Path dir = Files.createDirectories(report.resolve("run-" + ++runs));
        AgentRun.Result r = AgentRun.of(program).args(args).option(HIDDEN_HANDOFF).option("holdThresholdMs=600000").run(dir);
        assertEquals(0, r.exitCode(), r.transcript());
        assertNoAgentFailure(r);
        return r;
    }

    private static void assertSilent(AgentRun.Result r, String why) throws Exception {
        assertEquals(List.of(), r.findings(), why + "; found:\n" + summary(r) + r.transcript());
    }

    /** The check-then-create of {@link KeyedMaps}: worker-a's get and put, then worker-b's same check. */
    private static JsonNode assertCheckThenCreate(AgentRun.Result r, String mapClass) throws Exception {
        JsonNode f = findingAt(r, "map-rmw", KeyedMaps.class, "@check", "@create", "@check");
        assertEquals("worker-a", f.at("/accesses/0/thread").asText());
        assertEquals("worker-b", f.at("/accesses/2/thread").asText());
        assertEquals("KeyedMaps.cache", f.at("/resource/name").asText());
        assertEquals("bean", f.at("/resource/key").asText());
        assertEquals(mapClass, f.at("/resource/class").asText());
        return f;
    }

    @Test
    void aWeakHashMapsCheckThenCreateIsAMapRmwAndItsKeyIsNotKeptAlive() throws Exception {
        AgentRun.Result r = run(KeyedMaps.class, "weak", "racy");
        assertEquals("weak created=1 collected=true", r.stdout().trim(), "racewatch must not keep the map's key alive");
        assertCheckThenCreate(r, "java.util.WeakHashMap");
    }

    @Test
    void aWeakHashMapsCheckThenCreateUnderOneLockIsSilent() throws Exception {
        AgentRun.Result r = run(KeyedMaps.class, "weak", "clean");
        assertEquals("weak created=1 collected=true", r.stdout().trim());
        assertSilent(r, "each check-then-create holds one lock");
    }

    @Test
    void aSynchronizedWeakMapIsCheckedPerKeyToo() throws Exception {
        AgentRun.Result racy = run(KeyedMaps.class, "synchronized-weak", "racy");
        assertEquals("synchronized-weak created=1 collected=true", racy.stdout().trim());
        assertCheckThenCreate(racy, "java.util.Collections$SynchronizedMap");
        assertSilent(run(KeyedMaps.class, "synchronized-weak", "clean"), "each check-then-create holds one lock");
    }

    @Test
    void anIdentityMapsCheckThenCreateIsAMapRmw() throws Exception {
        assertCheckThenCreate(run(KeyedMaps.class, "identity", "racy"), "java.util.IdentityHashMap");
        assertSilent(run(KeyedMaps.class, "identity", "clean"), "each check-then-create holds one lock");
    }

    @Test
    void anIdentityMapTellsEqualKeysOfTwoIdentitiesApart() throws Exception {
        // The same program on a map that compares keys with equals is a race: the twin that shows why.
        AgentRun.Result byEquals = run(KeyedMaps.class, "synchronized-hash", "other-key");
        assertEquals("synchronized-hash created=1 collected=false", byEquals.stdout().trim());
        findingAt(byEquals, "map-rmw", KeyedMaps.class, "@check", "@create", "@check");

        AgentRun.Result byIdentity = run(KeyedMaps.class, "synchronized-identity", "other-key");
        assertEquals("synchronized-identity created=2 collected=false", byIdentity.stdout().trim());
        assertSilent(byIdentity, "two strings of two identities are two keys of an identity map");
    }

    @Test
    void getsOfAnAccessOrderedLinkedHashMapAreWrites() throws Exception {
        AgentRun.Result r = run(LruCache.class, "racy");
        JsonNode f = findingAt(r, "map-unsafe", LruCache.class, "@get-2", "@get-1");
        assertEquals("getOrDefault", f.at("/accesses/0/op").asText());
        assertEquals("get", f.at("/accesses/1/op").asText());
        assertEquals("LruCache.cache", f.at("/resource/name").asText());
        assertTrue(f.path("message").asText().contains("access-ordered"), f.toString());
    }

    @Test
    void aWeakHashMapsGetExpungesSoItRacesWithAnotherThreadsPutInEitherOrder() throws Exception {
        AgentRun.Result getFirst = run(WeakReads.class, "get-then-put");
        assertEquals("get-then-put size=2", getFirst.stdout().trim(), getFirst.transcript());
        assertExpungeRace(findingAt(getFirst, "map-unsafe", WeakReads.class, "@put", "@get"), 1, 0);
        assertEquals(1, getFirst.findings().size(), summary(getFirst));

        AgentRun.Result putFirst = run(WeakReads.class, "put-then-get");
        assertEquals("put-then-get size=2", putFirst.stdout().trim(), putFirst.transcript());
        assertExpungeRace(findingAt(putFirst, "map-unsafe", WeakReads.class, "@get", "@put"), 0, 1);
        assertEquals(1, putFirst.findings().size(), summary(putFirst));
    }

    private static void assertExpungeRace(JsonNode f, int get, int put) {
        assertEquals("get", f.at("/accesses/" + get + "/op").asText(), f.toString());
        assertEquals("reader", f.at("/accesses/" + get + "/thread").asText(), f.toString());
        assertEquals("put", f.at("/accesses/" + put + "/op").asText(), f.toString());
        assertEquals("writer", f.at("/accesses/" + put + "/thread").asText(), f.toString());
        assertEquals("error", f.get("severity").asText(), f.toString());
        assertEquals("WeakReads.names", f.at("/resource/name").asText());
        assertEquals("java.util.WeakHashMap", f.at("/resource/class").asText());
        assertTrue(f.path("message").asText().contains("garbage-collected"), f.toString());
    }

    @Test
    void twoThreadsOnlyReadingAWeakHashMapAreSilent() throws Exception {
        AgentRun.Result r = run(WeakReads.class, "reads-only");
        assertEquals("reads-only size=1", r.stdout().trim(), r.transcript());
        assertSilent(r, "the map's expunges are ordered by its own reference-queue lock");
    }

    @Test
    void aWeakHashMapsGetAndPutUnderOneLockAreSilent() throws Exception {
        AgentRun.Result r = run(WeakReads.class, "locked");
        assertEquals("locked size=2", r.stdout().trim(), r.transcript());
        assertSilent(r, "the get and the put hold one lock");
    }

    @Test
    void getsOfAnAccessOrderedLinkedHashMapUnderItsLockAreSilent() throws Exception {
        assertSilent(run(LruCache.class, "clean"), "every get holds the cache's lock");
    }

    @Test
    void getsOfAnInsertionOrderedLinkedHashMapOnlyRead() throws Exception {
        assertSilent(run(LruCache.class, "insertion-order"), "a get of an insertion-ordered map changes nothing");
    }

    @Test
    void referencesToAMapSubclasssOwnMethodsAreCheckedAtTheReferences() throws Exception {
        AgentRun.Result r = run(RefShapes.class, "this-refs");
        assertEquals("this-refs created=1 value=42", r.stdout().trim(), r.transcript());
        List<JsonNode> found = r.findings("map-rmw");
        assertEquals(1, found.size(), summary(r));
        JsonNode f = found.get(0);
        List<String> ops = List.of("get", "put", "get");
        for (int i = 0; i < 3; i++) {
            JsonNode site = f.at("/accesses/" + i + "/site");
            assertEquals(RefShapes.class.getName() + "$Registry", site.path("class").asText(), f.toString());
            assertEquals("viaThis", site.path("method").asText(), f.toString());
            assertEquals(SourceLines.of(RefShapes.class, "@this-refs"), site.path("line").asInt(), "at the reference: " + f);
            assertEquals(ops.get(i), f.at("/accesses/" + i + "/op").asText(), f.toString());
        }
        assertEquals("worker-a", f.at("/accesses/0/thread").asText());
        assertEquals("worker-b", f.at("/accesses/2/thread").asText());
        assertEquals("config", f.at("/resource/key").asText());
    }

    /**
     * The documented limits: {@code super::get} (a synthetic method calling the superclass's get with
     * invokespecial, like {@code super.get(k)}) and serializable references are not checked. Both
     * must still run as compiled (the serializable ones through a serialization round trip); the
     * README says they go unseen, and this keeps it true.
     */
    @Test
    void superReferencesAndSerializableReferencesRunAsCompiledAndAreNotChecked() throws Exception {
        AgentRun.Result viaSuper = run(RefShapes.class, "super-refs");
        assertEquals("super-refs created=1 value=42", viaSuper.stdout().trim(), viaSuper.transcript());
        assertSilent(viaSuper, "super::get is an invokespecial in a synthetic method, left alone");

        AgentRun.Result serializable = run(RefShapes.class, "serializable");
        assertEquals("serializable created=1 value=42", serializable.stdout().trim(), serializable.transcript());
        assertSilent(serializable, "serializable references are left as compiled");
    }

    @Test
    void aCheckThenCreateMadeOfMethodReferencesIsReportedAtTheReferences() throws Exception {
        AgentRun.Result r = run(MethodRefs.class, "racy");
        JsonNode f = findingAt(r, "map-rmw", MethodRefs.class, "@ref-get", "@ref-put", "@ref-get");
        assertEquals("MethodRefs.cache", f.at("/resource/name").asText());
        assertEquals("main", f.at("/accesses/0/site/method").asText(), "named after the method that made the reference");
        assertEquals("worker-b", f.at("/accesses/2/thread").asText());
    }

    @Test
    void lockAndUnlockThroughMethodReferencesHoldTheLock() throws Exception {
        AgentRun.Result r = run(MethodRefs.class, "clean");
        assertSilent(r, "lock::lock and lock::unlock hold the lock across each check-then-create");
        List<String> waits = Files.readAllLines(r.reportDir().resolve("lock-waits.txt"));
        assertTrue(waits.stream().anyMatch(l -> l.matches("MethodRefs\\.lock\\s+\\S+\\s+2\\s.*")),
            "the lock taken through lock::lock is tracked, twice: " + waits);
    }

    @Test
    void mapsReachedThroughAMethodAreNamedByTheFieldItReturnsOrByTheMethod() throws Exception {
        AgentRun.Result r = run(MapNames.class);
        JsonNode counts = findingAt(r, "map-rmw", MapNames.class, "@counts-read", "@counts-write", "@counts-read");
        assertEquals("Holder.counts", counts.at("/resource/name").asText());
        JsonNode table = findingAt(r, "map-rmw", MapNames.class, "@table-read", "@table-write", "@table-read");
        assertEquals("MapNames.table()", table.at("/resource/name").asText());
    }

    @Test
    void aCheckReValidatedUnderTheObjectsMonitorIsSilent() throws Exception {
        for (String order : List.of("between", "after")) {
            AgentRun.Result r = run(RevalidatedRemove.class, "clean", order);
            assertEquals("clean " + order + " destroyed=1", r.stdout().trim());
            assertSilent(r, "the second invalidation re-checks the state under the object's monitor and never removes (" + order + ")");
        }
    }

    @Test
    void theSameCheckWithoutTheMonitorIsReported() throws Exception {
        for (String order : List.of("between", "after")) {
            AgentRun.Result r = run(RevalidatedRemove.class, "racy", order);
            JsonNode f = findingAt(r, "map-rmw", RevalidatedRemove.class, "@lookup", "@destroy", "@lookup");
            assertEquals("invalidator-a", f.at("/accesses/0/thread").asText(), order);
            assertEquals("invalidator-b", f.at("/accesses/2/thread").asText(), order);
            // "between": b looked up in between a's lookup and remove (seen); "after": b would have, in another run.
            assertEquals(order.equals("between"), f.path("observed").asBoolean(), order);
        }
    }
}

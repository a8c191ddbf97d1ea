package io.racewatch.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cost of an instrumented map call. Run by {@link SideBySide} twice, with and without the
 * agent, so that the difference is the probe's cost.
 */
public class MapProbeBenchmark {

    /** A map only the benchmark thread touches: the owner-mode fast path. */
    @State(Scope.Thread)
    public static class OwnMap {
        final Map<Integer, Integer> map = new HashMap<>();
        int key;

        @Setup
        public void fill() {
            for (int i = 0; i < 64; i++) {
                map.put(i, i);
            }
        }
    }

    /** A concurrent map two threads share: the full shared-mode path. */
    @State(Scope.Group)
    public static class SharedMap {
        final Map<Integer, Integer> map = new ConcurrentHashMap<>();

        @Setup
        public void fill() {
            for (int i = 0; i < 64; i++) {
                map.put(i, i);
            }
        }
    }

    @Benchmark
    public Integer ownerGet(OwnMap s) {
        return s.map.get(s.key++ & 63);
    }

    @Benchmark
    public Integer ownerPut(OwnMap s) {
        int k = s.key++ & 63;
        return s.map.put(k, k);
    }

    /**
     * {@link #ownerGet} at a call site of its own, for {@link CpuPerOp}: timed after
     * {@link #otherMapGets}, so that the site itself has seen one map class while racewatch's
     * probe has seen several (as in any real program): what the probe costs once its own call
     * of the map is no longer the site's. Not a JMH benchmark: JMH runs each in a fresh JVM.
     */
    public Integer ownerGetAmongOthers(OwnMap s) {
        return s.map.get(s.key++ & 63);
    }

    /** Gets from maps of other classes, each at a call site of its own (see {@link #ownerGetAmongOthers}). */
    public int otherMapGets(int rounds) {
        Map<Integer, Integer> tree = new TreeMap<>(Map.of(1, 1));
        Map<Integer, Integer> linked = new LinkedHashMap<>(Map.of(1, 1));
        Map<Integer, Integer> identity = new IdentityHashMap<>(Map.of(1, 1));
        int sum = 0;
        for (int i = 0; i < rounds; i++) {
            sum += tree.get(1) + linked.get(1) + identity.size();
            Integer v = identity.get(1);
            sum += v == null ? 0 : v;
        }
        return sum;
    }

    @Benchmark
    @Group("shared")
    @GroupThreads(2)
    public Integer sharedGetPut(SharedMap s) {
        int k = (int) (Thread.currentThread().getId() & 63);
        Integer v = s.map.get(k);
        return s.map.put(k, v == null ? 1 : v + 1);
    }
}

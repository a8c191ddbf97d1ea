package io.racewatch.instrument;

import io.racewatch.detect.Detectors;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Map calls made from a bridge per call site: the site calls its own {@code racewatch$map$N},
 * which records through the map probes and makes the original call (same opcode, owner and
 * descriptor), so the call keeps its site's profile. The rewritten class verifies and gives the
 * results the original does; a call on a concurrent map is marked while it runs and its mark
 * ends when the call throws. A retransformed class, which may not get methods, keeps the probe
 * that makes the call.
 */
class MapCallBridgesTest {
    /** Every hooked map operation, on a plain map through the interface and on a concurrent map through its class. */
    public static final class Counts {
        private final Map<String, Integer> plain = new HashMap<>();
        private final ConcurrentHashMap<String, Integer> concurrent = new ConcurrentHashMap<>();

        public int bump(String key) {
            Integer v = plain.get(key);
            plain.put(key, v == null ? 1 : v + 1);
            return plain.get(key);
        }

        public String everyOperation() {
            Map<String, Integer> m = new LinkedHashMap<>();
            StringBuilder out = new StringBuilder();
            out.append(m.put("a", 1)).append(m.putIfAbsent("a", 2)).append(m.containsKey("a")).append(m.getOrDefault("b", 7));
            out.append(m.computeIfAbsent("b", k -> 3)).append(m.computeIfPresent("b", (k, v) -> v + 1)).append(m.compute("c", (k, v) -> 5));
            out.append(m.merge("c", 1, Integer::sum)).append(m.replace("c", 9)).append(m.replace("c", 9, 10));
            out.append(m.remove("a", 2)).append(m.remove("a"));
            m.putAll(Map.of("d", 4));
            out.append(m);
            m.clear();
            return out.append(m.size()).toString();
        }

        /** A null key: the concurrent map throws from inside the call. */
        public Object concurrentGet(String key) {
            return concurrent.get(key);
        }

        /** The marks open on this thread while the function runs inside the concurrent map's call. */
        public Integer marksDuringCompute(String key) {
            return concurrent.compute(key, (k, v) -> ThreadState.current().modeledDepth);
        }
    }

    /** Map calls in an interface's static and default methods: its bridges are private static interface methods. */
    public interface Tally {
        static int count(Map<String, Integer> m, String key) {
            Integer v = m.get(key);
            m.put(key, v == null ? 1 : v + 1);
            return m.get(key);
        }

        default boolean seen(Map<String, Integer> m, String key) {
            return m.containsKey(key);
        }
    }

    @BeforeAll
    static void installDetectors() {
        Detectors.install(); // as the agent does at start-up
    }

    @BeforeEach
    void track() {
        Tracking.enabled = true;
    }

    @AfterEach
    void untrack() {
        Tracking.enabled = false;
    }

    @Test
    void eachMapCallSiteCallsABridgeOfItsOwnThatMakesTheOriginalCall() throws IOException {
        Map<String, List<String>> calls = calls(rewrite(Counts.class, true));
        List<String> bump = calls.get("bump");
        List<String> bridgesCalled = bump.stream().filter(c -> c.contains("racewatch$map$")).toList();
        assertEquals(3, bridgesCalled.size(), bump.toString());
        assertEquals(3, bridgesCalled.stream().distinct().count(), "one bridge per site: " + bump);
        assertFalse(bump.stream().anyMatch(c -> c.startsWith("io/racewatch/") && !c.contains("racewatch$map$")),
            "the site itself calls no probe: " + bump);

        String getBridge = bridgesCalled.get(0).substring(bridgesCalled.get(0).indexOf('.') + 1);
        assertEquals(List.of("io/racewatch/maps/MapProbes.readBegins", "java/util/Map.get interface",
                "io/racewatch/maps/MapProbes.getEnded", "java/util/Map.get interface", "io/racewatch/maps/MapProbes.callEnded",
                "io/racewatch/maps/MapProbes.getEnded", "io/racewatch/maps/MapProbes.callEnded"),
            calls.get(getBridge), "plain call, then the marked call and its handler");
        String putBridge = bridgesCalled.get(1).substring(bridgesCalled.get(1).indexOf('.') + 1);
        assertEquals(List.of("io/racewatch/maps/MapProbes.putBegins", "java/util/Map.put interface", "java/util/Map.put interface",
            "io/racewatch/maps/MapProbes.callEnded", "io/racewatch/maps/MapProbes.callEnded"), calls.get(putBridge));

        List<String> concurrentGet = calls.get("concurrentGet");
        String chmBridge = concurrentGet.get(0).substring(concurrentGet.get(0).indexOf('.') + 1);
        assertTrue(calls.get(chmBridge).contains("java/util/concurrent/ConcurrentHashMap.get"),
            "the call's own opcode and owner: " + calls.get(chmBridge));
    }

    @Test
    void theRewrittenClassGivesTheOriginalsResults() throws Exception {
        Class<?> rewritten = define(rewrite(Counts.class, true));
        Object counts = rewritten.getConstructor().newInstance();
        Method bump = rewritten.getMethod("bump", String.class);
        assertEquals(1, bump.invoke(counts, "k"));
        assertEquals(2, bump.invoke(counts, "k"));
        assertEquals(new Counts().everyOperation(), rewritten.getMethod("everyOperation").invoke(counts));
    }

    @Test
    void aConcurrentMapCallIsMarkedWhileItRunsAndUnmarkedWhenItThrows() throws Exception {
        Class<?> rewritten = define(rewrite(Counts.class, true));
        Object counts = rewritten.getConstructor().newInstance();
        ThreadState ts = ThreadState.current();
        int before = ts.modeledDepth;
        assertEquals(before + 1, rewritten.getMethod("marksDuringCompute", String.class).invoke(counts, "k"),
            "the model's mark on the concurrent map while its call runs");
        assertEquals(before, ts.modeledDepth);
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
            () -> rewritten.getMethod("concurrentGet", String.class).invoke(counts, (Object) null));
        assertInstanceOf(NullPointerException.class, thrown.getCause(), "the map's own exception, as it was thrown");
        assertEquals(before, ts.modeledDepth, "the mark ends with the call that threw");
    }

    @Test
    void aRetransformedClassKeepsTheProbeThatMakesTheCall() throws Exception {
        byte[] retransformed = rewrite(Counts.class, false);
        Map<String, List<String>> calls = calls(retransformed);
        assertFalse(calls.keySet().stream().anyMatch(m -> m.startsWith("racewatch$map$")), calls.keySet().toString());
        assertTrue(calls.get("bump").contains("io/racewatch/maps/MapProbes.get"), calls.get("bump").toString());
        Object counts = define(retransformed).getConstructor().newInstance();
        assertEquals(1, counts.getClass().getMethod("bump", String.class).invoke(counts, "k"));
    }

    @Test
    void anInterfacesMapCallsGoThroughItsOwnBridgesAndItVerifies() throws Exception {
        byte[] rewritten = rewrite(Tally.class, true);
        Map<String, List<String>> calls = calls(rewritten);
        assertEquals(3, calls.get("count").stream().filter(c -> c.contains("racewatch$map$")).count(), calls.get("count").toString());
        assertTrue(calls.get("seen").stream().anyMatch(c -> c.contains("racewatch$map$")), calls.get("seen").toString());
        Class<?> tally = define(Tally.class.getName(), rewritten);
        Map<String, Integer> m = new HashMap<>();
        Method count = tally.getMethod("count", Map.class, String.class);
        assertEquals(1, count.invoke(null, m, "k"));
        assertEquals(2, count.invoke(null, m, "k"));
    }

    private static byte[] rewrite(Class<?> nested, boolean firstLoad) throws IOException {
        return OrderingOnlyRewriteTest.rewrite(nested, false, firstLoad);
    }

    private static Class<?> define(byte[] classFile) {
        return define(Counts.class.getName(), classFile);
    }

    /** Defines and links the class (the JVM's verifier runs on it). */
    private static Class<?> define(String name, byte[] classFile) {
        Class<?> c = new ClassLoader(MapCallBridgesTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, classFile, 0, classFile.length);
            }
        }.define();
        try {
            Class.forName(name, true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        return c;
    }

    /** Per method name, its calls as {@code owner.name} (with " interface" for an interface call), in code order. */
    private static Map<String, List<String>> calls(byte[] classFile) {
        Map<String, List<String>> out = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<String> calls = out.computeIfAbsent(name, n -> new ArrayList<>());
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        calls.add(owner + "." + method + (opcode == Opcodes.INVOKEINTERFACE ? " interface" : ""));
                    }
                };
            }
        }, 0);
        return out;
    }
}

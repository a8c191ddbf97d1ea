package io.racewatch.order;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running JDK's ConcurrentHashMap gets every per-key hook: a method whose shape no longer
 * matches (no spread hash stored to a local) would silently lose its hooks, and a hand-off
 * through it would be missed. Counts the probe calls in each hooked method.
 */
class KeyedMapHooksTest {
    @Test
    void everyRetrievalAndUpdateIsHooked() throws Exception {
        Map<String, Map<String, Integer>> calls = probeCalls(hooked(OrderPoints.CHM));

        assertEquals(0, count(calls, "get", "keyWriting"), "a get stores nothing");
        assertTrue(count(calls, "get", "keyReturned") >= 2, "every return of get acquires: " + calls.get("get"));
        for (String store : new String[] {"putVal", "replaceNode"}) {
            assertEquals(1, count(calls, store, "keyWriting"), store + " releases once, as it has the hash: " + calls.get(store));
            assertTrue(count(calls, store, "keyReturned") >= 1, store + " acquires the value it returns: " + calls.get(store));
        }
        assertTrue(count(calls, "computeIfAbsent", "keyWriting") >= 1, "after the function: " + calls.get("computeIfAbsent"));
        assertEquals(0, count(calls, "computeIfAbsent", "keySeen"), "a Function sees no value");
        for (String compute : new String[] {"computeIfPresent", "compute"}) {
            assertTrue(count(calls, compute, "keySeen") >= 1, compute + ": before the function: " + calls.get(compute));
            assertEquals(count(calls, compute, "keySeen"), count(calls, compute, "keyWriting"),
                compute + ": around each function call: " + calls.get(compute));
        }
        assertEquals(count(calls, "merge", "keySeen") + 1, count(calls, "merge", "keyWriting"),
            "merge: as it has the hash, and after each function call: " + calls.get("merge"));
        for (String m : new String[] {"computeIfAbsent", "computeIfPresent", "compute", "merge"}) {
            assertTrue(count(calls, m, "keyReturned") >= 1, m + " acquires the value it returns: " + calls.get(m));
        }
    }

    private static int count(Map<String, Map<String, Integer>> calls, String method, String probe) {
        return calls.getOrDefault(method, Map.of()).getOrDefault(probe, 0);
    }

    private static byte[] hooked(String internalName) throws Exception {
        byte[] original;
        try (InputStream in = Object.class.getResourceAsStream("/" + internalName + ".class")) {
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new OrderClassVisitor(Opcodes.ASM9, writer, internalName), 0);
        return writer.toByteArray();
    }

    /** Method name to probe name to the number of calls of it. */
    private static Map<String, Map<String, Integer>> probeCalls(byte[] classfile) {
        Map<String, Map<String, Integer>> calls = new HashMap<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String probe, String d, boolean isInterface) {
                        if (owner.equals("io/racewatch/order/OrderProbes")) {
                            calls.computeIfAbsent(name, n -> new HashMap<>()).merge(probe, 1, Integer::sum);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }
}

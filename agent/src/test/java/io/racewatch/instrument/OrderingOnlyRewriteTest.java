package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A class rewritten for ordering only (not checked, but its monitors and volatiles order) gets
 * plain release and acquire probes at its monitors and its volatile accesses, and nothing else;
 * the same class when checked gets map, lock and volatile probes. The rewritten class verifies
 * and runs.
 */
class OrderingOnlyRewriteTest {
    /** What the rewrite works on: a synchronized method, a synchronized block with a wait, a volatile, map calls. */
    public static final class Library {
        private final Map<String, Integer> counts = new HashMap<>();
        private final Object lock = new Object();
        private volatile boolean flag;

        public synchronized int bump(String key) {
            Integer v = counts.get(key);
            counts.put(key, v == null ? 1 : v + 1);
            return counts.get(key);
        }

        public boolean awaitBriefly() throws InterruptedException {
            synchronized (lock) {
                lock.wait(1);
                flag = true;
                return flag;
            }
        }
    }

    @Test
    void orderingOnlyGetsReleaseAndAcquireAtMonitorsAndNothingElse() throws Exception {
        List<String> probes = probeCalls(rewrite(true));
        assertEquals(List.of("OrderProbes.volatileRead", "OrderProbes.volatileWrite", "SyncProbes.acquire", "SyncProbes.release"),
            probes.stream().distinct().sorted().toList(), "only monitor and volatile ordering: " + probes);
        // bump: entry, normal exit, exceptional exit. awaitBriefly: enter, before and after wait, the exits.
        assertTrue(probes.stream().filter(p -> p.endsWith("acquire")).count() >= 3, probes.toString());
        assertTrue(probes.stream().filter(p -> p.endsWith("release")).count() >= 4, probes.toString());
    }

    @Test
    void theSameClassCheckedGetsMapLockAndVolatileProbes() throws Exception {
        List<String> probes = probeCalls(rewrite(false));
        assertTrue(probes.stream().anyMatch(p -> p.startsWith("MapProbes.")), probes.toString());
        assertTrue(probes.contains("LockProbes.lockAcquired") && probes.contains("LockProbes.lockRequestedBy"), probes.toString());
        assertTrue(probes.contains("OrderProbes.volatileWrite") && probes.contains("OrderProbes.volatileRead")
            && probes.contains("LockProbes.waitBegins"), probes.toString());
        assertFalse(probes.contains("SyncProbes.acquire"), probes.toString());
    }

    @Test
    void theClassRewrittenForOrderingOnlyVerifiesAndRuns() throws Exception {
        byte[] rewritten = rewrite(true);
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(Library.class.getName(), rewritten, 0, rewritten.length);
            }
        }.define();
        Object library = c.getConstructor().newInstance();
        assertEquals(1, c.getMethod("bump", String.class).invoke(library, "k"));
        assertEquals(2, c.getMethod("bump", String.class).invoke(library, "k"));
        assertEquals(true, c.getMethod("awaitBriefly").invoke(library));
        assertTrue((c.getModifiers() & Opcodes.ACC_PUBLIC) != 0);
        assertTrue(java.lang.reflect.Modifier.isSynchronized(c.getMethod("bump", String.class).getModifiers()),
            "an ordering-only rewrite keeps the synchronized modifier");
    }

    private static byte[] rewrite(boolean orderingOnly) throws IOException {
        return rewrite(Library.class, orderingOnly);
    }

    /** Rewrites a nested class of the tests as the transformer would on its first load, checked or for ordering only. */
    static byte[] rewrite(Class<?> nested, boolean orderingOnly) throws IOException {
        return rewrite(nested, orderingOnly, true);
    }

    /** As above, on the class's first load or (false) a retransformation, which may add no methods. */
    static byte[] rewrite(Class<?> nested, boolean orderingOnly, boolean firstLoad) throws IOException {
        byte[] original;
        try (InputStream in = nested.getResourceAsStream(nested.getName().substring(nested.getName().lastIndexOf('.') + 1) + ".class")) {
            original = in.readAllBytes();
        }
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(0);
        TypeHierarchy hierarchy = TypeHierarchy.of(ClassFileLocator.ForClassLoader.of(OrderingOnlyRewriteTest.class.getClassLoader()));
        reader.accept(new CallSiteRewriter(OpenedClassReader.ASM_API, writer, hierarchy, firstLoad, orderingOnly, Set.of()),
            ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** Every call to a racewatch class (the probes), as {@code Class.method}, in code order. */
    static List<String> probeCalls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        if (owner.startsWith("io/racewatch/")) {
                            calls.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + method);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }
}

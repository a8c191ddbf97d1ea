package io.racewatch.order;

import io.racewatch.locks.LockProbes;
import io.racewatch.tasks.SchedulingProbes;
import io.racewatch.tasks.TaskProbes;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape that keeps staging mode cheap between sampling windows, read from the class files:
 * the probes the JDK's hooks and rewritten call sites reach most often are a window check small
 * enough for the JIT to inline anywhere (at most {@code MaxInlineSize}, 35 bytes of bytecode);
 * when windows open and close they reach their recording part through a {@code @DontInline}
 * method, so that a window having opened once does not make the JIT inline the recording path
 * into every hot method of the application; test mode takes the same out-of-line path.
 */
class ProbeShapeTest {
    private static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";
    private static final int MAX_INLINE_SIZE = 35;

    /** A method's bytecode size (from the offset of a label at its end) and whether it is marked. */
    private record Shape(int codeBytes, boolean dontInline) {
    }

    private static Map<String, Shape> shapes(Class<?> type) throws IOException {
        Map<String, Shape> out = new HashMap<>();
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            assertNotNull(in, type.getName());
            // Through a writer, which resolves the label placed at the end of each method's code.
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9, new ClassWriter(0)) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    String key = name + descriptor;
                    boolean[] marked = {false};
                    Label end = new Label();
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                            marked[0] |= annotation.equals(DONT_INLINE);
                            return super.visitAnnotation(annotation, visible);
                        }

                        @Override
                        public void visitMaxs(int maxStack, int maxLocals) {
                            super.visitLabel(end);
                            super.visitMaxs(maxStack, maxLocals);
                        }

                        @Override
                        public void visitEnd() {
                            super.visitEnd();
                            if ((access & Opcodes.ACC_ABSTRACT) == 0) {
                                out.merge(key, new Shape(end.getOffset(), marked[0]), (a, b) -> a);
                            }
                        }
                    };
                }
            }, 0);
        }
        return out;
    }

    private static void assertSplit(Class<?> type, List<String> probes) throws IOException {
        Map<String, Shape> shapes = shapes(type);
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('('));
            String where = type.getSimpleName() + "." + e.getKey();
            if (probes.contains(name)) {
                assertTrue(e.getValue().codeBytes() <= MAX_INLINE_SIZE,
                    where + " is " + e.getValue().codeBytes() + " bytes: only the window check belongs there");
                assertFalse(e.getValue().dontInline(), where + " is the part to inline");
            } else if (name.endsWith("InWindow") && probes.contains(name.substring(0, name.length() - "InWindow".length()))) {
                assertTrue(e.getValue().dontInline(), where + " must be @DontInline");
            } else if (name.endsWith("Recorded") && probes.contains(name.substring(0, name.length() - "Recorded".length()))) {
                assertFalse(e.getValue().dontInline(), where + " is inlined into its out-of-line part");
            } else {
                continue;
            }
            seen.add(name);
        }
        for (String probe : probes) {
            for (String part : List.of(probe, probe + "InWindow", probe + "Recorded")) {
                assertTrue(seen.contains(part), type.getSimpleName() + "." + part + " not found");
            }
        }
    }

    /** The methods each method of {@code type} calls ({@code owner.name}), by name and descriptor. */
    private static Map<String, List<String>> calls(Class<?> type) throws IOException {
        Map<String, List<String>> out = new HashMap<>();
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            assertNotNull(in, type.getName());
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    List<String> called = new java.util.ArrayList<>();
                    out.put(name + descriptor, called);
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor, boolean isInterface) {
                            called.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + callee);
                        }
                    };
                }
            }, 0);
        }
        return out;
    }

    /**
     * The probes at every volatile access of every rewritten class and inside the JDK's atomics: the
     * JIT counts each byte it inlines against one budget per compiled method, and a chain of small
     * methods (null check, atomic probe, open(), sampling()) used it up in a reactive library's
     * hot methods. Each is the window state read and a branch to its out-of-line part, nothing more.
     */
    private static void assertOneReadAndOneBranch(Class<?> type, List<String> probes) throws IOException {
        Map<String, List<String>> calls = calls(type);
        for (String probe : probes) {
            List<String> called = calls.get(probe);
            assertNotNull(called, type.getSimpleName() + "." + probe + " not found");
            String name = probe.substring(0, probe.indexOf('('));
            assertTrue(called.equals(List.of("SamplingWindows.state", type.getSimpleName() + "." + name + "InWindow")),
                type.getSimpleName() + "." + probe + " calls " + called);
        }
    }

    @Test
    void theHottestProbesAreOneReadOfTheWindowStateAndOneBranch() throws IOException {
        assertOneReadAndOneBranch(OrderProbes.class, List.of("atomicWrite(Ljava/lang/Object;)V", "atomicRead(Ljava/lang/Object;)V",
            "volatileWrite(Ljava/lang/Object;)V", "volatileRead(Ljava/lang/Object;)V"));
        assertOneReadAndOneBranch(SyncProbes.class, List.of("release(Ljava/lang/Object;I)V", "acquire(Ljava/lang/Object;I)V",
            "volatileWrite(I)V", "volatileRead(I)V"));
    }

    /** Test mode too: the recording path inlined into the application's hot methods cost more in compiling than the calls. */
    @Test
    void probesCallTheirRecordingPartOutOfLineInEveryMode() {
        assertTrue(io.racewatch.runtime.SamplingWindows.sampling(), "before (and without) staging mode");
    }

    @Test
    void theJdkHooksProbesAreAWindowCheckAndAnOutOfLineRecording() throws IOException {
        assertSplit(OrderProbes.class, List.of("atomicWrite", "atomicRead", "keyWriting", "keysSeen", "futureCancelling"));
    }

    @Test
    void theCallSiteSyncProbesAreAWindowCheckAndAnOutOfLineRecording() throws IOException {
        assertSplit(SyncProbes.class, List.of("release", "acquire", "volatileWrite", "volatileRead", "bindToReceiver", "guarded"));
    }

    @Test
    void taskProbesReturnBetweenWindowsBeforeAnyWork() throws IOException {
        assertSplit(TaskProbes.class, List.of("wrap", "futureReturned"));
    }

    /**
     * A var's acquisition and release keep only their checks inline (most acquisitions end there,
     * and a sole releaser's release is a few stores); the joins and the shared release, with their
     * loops over clocks, are calls: inlined, they made every probe that reaches them compile to
     * 11-16 KB of machine code. So are the var table's look-ups behind the threads' caches.
     */
    @Test
    void aVarsJoinsAndSharedReleaseAreOutOfLine() throws IOException {
        Map<String, Shape> shapes = shapes(SyncVar.class);
        for (String part : List.of("joinSole(", "joinShared(", "releaseShared(")) {
            assertTrue(shapes.entrySet().stream().anyMatch(e -> e.getKey().startsWith(part) && e.getValue().dontInline()),
                "SyncVar." + part + ") must be @DontInline");
        }
        Map<String, Shape> table = shapes(VarTable.class);
        for (String part : List.of("entry(", "madeEntry(")) {
            assertTrue(table.entrySet().stream().anyMatch(e -> e.getKey().startsWith(part) && e.getValue().dontInline()),
                "VarTable." + part + ") must be @DontInline: the threads' caches answer most look-ups");
        }
        for (String inline : List.of("acquire(", "release(")) {
            assertFalse(shapes.entrySet().stream().anyMatch(e -> e.getKey().startsWith(inline) && e.getValue().dontInline()),
                "SyncVar." + inline + ") is the part to inline");
        }
    }

    /**
     * Paths the JIT would otherwise compile into two methods each: the guarded steps (inlined into both the
     * guard's recording part and its runner) and a traversal's acquisition of every key next to the per-key one.
     */
    @Test
    void theGuardedStepsAndTheWholeMapsAcquisitionAreOutOfLine() throws IOException {
        assertTrue(shapes(SyncProbes.class).entrySet().stream()
            .anyMatch(e -> e.getKey().startsWith("runEntered(") && e.getValue().dontInline()), "SyncProbes.runEntered must be @DontInline");
        assertTrue(shapes(OrderProbes.class).entrySet().stream()
            .anyMatch(e -> e.getKey().startsWith("keysAllSeen(") && e.getValue().dontInline()), "OrderProbes.keysAllSeen must be @DontInline");
    }

    @Test
    void theFullLockTrackingAndSchedulingAreOutOfLine() throws IOException {
        Map<String, Shape> lockProbes = shapes(LockProbes.class);
        for (String part : List.of("trackedInWindow(", "requestedInWindow(", "acquiredInWindow(", "releasingInWindow(")) {
            assertTrue(lockProbes.entrySet().stream().anyMatch(e -> e.getKey().startsWith(part) && e.getValue().dontInline()),
                "LockProbes." + part + ") must be @DontInline");
        }
        assertTrue(shapes(SchedulingProbes.class).entrySet().stream()
            .anyMatch(e -> e.getKey().startsWith("trackInWindow(") && e.getValue().dontInline()), "SchedulingProbes.trackInWindow must be @DontInline");
    }
}

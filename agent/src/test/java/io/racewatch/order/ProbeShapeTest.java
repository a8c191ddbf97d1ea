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

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape that keeps staging mode cheap between sampling windows, read from the class files:
 * the probes the JDK's hooks and rewritten call sites reach most often are a window check small
 * enough for the JIT to inline anywhere (at most {@code MaxInlineSize}, 35 bytes of bytecode),
 * and their in-window part is marked {@code @DontInline}, so that a window having opened once
 * does not make the JIT inline the recording path into every hot method of the application.
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
            if (probes.contains(name)) {
                seen.add(name);
                assertTrue(e.getValue().codeBytes() <= MAX_INLINE_SIZE,
                    type.getSimpleName() + "." + e.getKey() + " is " + e.getValue().codeBytes() + " bytes: only the window check belongs there");
                assertTrue(!e.getValue().dontInline(), e.getKey() + " is the part to inline");
            }
            if (probes.contains(name.replace("InWindow", ""))) {
                if (name.endsWith("InWindow")) {
                    seen.add(name);
                    assertTrue(e.getValue().dontInline(), type.getSimpleName() + "." + e.getKey() + " must be @DontInline");
                }
            }
        }
        for (String probe : probes) {
            assertTrue(seen.contains(probe), type.getSimpleName() + "." + probe + " not found");
            assertTrue(seen.contains(probe + "InWindow"), type.getSimpleName() + "." + probe + "InWindow not found");
        }
    }

    @Test
    void theJdkHooksProbesAreAWindowCheckAndAnOutOfLineRecording() throws IOException {
        assertSplit(OrderProbes.class, List.of("atomicWrite", "atomicRead", "keyWriting", "keySeen", "futureCancelling"));
    }

    @Test
    void theCallSiteSyncProbesAreAWindowCheckAndAnOutOfLineRecording() throws IOException {
        assertSplit(SyncProbes.class, List.of("release", "acquire", "volatileWrite", "volatileRead", "bindToReceiver", "guarded"));
    }

    @Test
    void taskProbesReturnBetweenWindowsBeforeAnyWork() throws IOException {
        assertSplit(TaskProbes.class, List.of("wrap", "futureReturned"));
    }

    @Test
    void theFullLockTrackingAndSchedulingAreOutOfLine() throws IOException {
        assertTrue(shapes(LockProbes.class).entrySet().stream()
            .anyMatch(e -> e.getKey().startsWith("tracked(") && e.getValue().dontInline()), "LockProbes.tracked must be @DontInline");
        assertTrue(shapes(SchedulingProbes.class).entrySet().stream()
            .anyMatch(e -> e.getKey().startsWith("track(") && e.getValue().dontInline()), "SchedulingProbes.track must be @DontInline");
    }
}

package io.racewatch.instrument;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The catch-all handler added around a lifecycle end or a synchronized method covers all of the
 * method, dead code included. Compilers (scalac, ASM-based tools) leave unreachable code as
 * {@code nop ... athrow} under a frame that declares no locals at all; the handler must not need
 * {@code this} from slot 0 there, or the class fails verification (as Akka's
 * {@code PromiseActorRef.stop()} did).
 */
class DeadCodeFramesTest {
    private static final String NAME = "fixture/DeadCode";

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.ACC_PUBLIC, Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNCHRONIZED})
    void aMethodWithUnreachableCodeVerifiesAfterRewriting(int access) throws Exception {
        byte[] original = fixture(access);
        byte[] rewritten = rewrite(original);
        assertFalse(java.util.Arrays.equals(original, rewritten), "the rewrite added its probes");
        Class<?> c = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (!name.equals(NAME.replace('/', '.'))) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, rewritten, 0, rewritten.length);
            }
        }.loadClass(NAME.replace('/', '.'));
        assertDoesNotThrow(c::getDeclaredMethods, "the rewritten class links (the JVM verified it)");
    }

    /** {@code stop()} returns, then has dead code under a frame with no locals, as scalac and ASM emit it. */
    private static byte[] fixture(int access) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(1, 1);
        init.visitEnd();
        MethodVisitor stop = cw.visitMethod(access, "stop", "()V", null, null);
        stop.visitCode();
        stop.visitVarInsn(Opcodes.ALOAD, 0);
        stop.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Object", "hashCode", "()I", false);
        stop.visitInsn(Opcodes.POP);
        stop.visitInsn(Opcodes.RETURN);
        Label dead = new Label();
        stop.visitLabel(dead);
        stop.visitFrame(Opcodes.F_FULL, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"});
        stop.visitInsn(Opcodes.NOP);
        stop.visitInsn(Opcodes.ATHROW);
        stop.visitMaxs(1, 1);
        stop.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static byte[] rewrite(byte[] original) {
        ClassFileLocator locator = new ClassFileLocator.Compound(new ClassFileLocator.Simple(Map.of(NAME.replace('/', '.'), original)),
            ClassFileLocator.ForClassLoader.ofSystemLoader());
        return RewritingTransformer.rewrite(original, TypeHierarchy.of(locator), true, false, Set.of("stop"));
    }
}

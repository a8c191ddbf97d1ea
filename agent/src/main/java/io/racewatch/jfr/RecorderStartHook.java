package io.racewatch.jfr;

import io.racewatch.runtime.Faults;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Makes Flight Recorder tell racewatch when it starts: {@code FlightRecorder.getFlightRecorder()},
 * through which every start passes ({@code -XX:StartFlightRecording}, {@code jcmd JFR.start}, the
 * {@code Recording} API, JMX), first calls {@link JfrSink#recorderStarting()}. So racewatch loads
 * nothing of Flight Recorder in a JVM that never records (its classes cost tens of milliseconds
 * at start-up). One call added at the method's entry,
 * straight-line and with nothing left on the operand stack, so frames and limits stay valid.
 */
final class RecorderStartHook implements ClassFileTransformer {
    static final String RECORDER = "jdk/jfr/FlightRecorder";
    private static final String STARTS = "getFlightRecorder";
    private static final String STARTS_DESCRIPTOR = "()Ljdk/jfr/FlightRecorder;";

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        // Retransformations too: they start again from the bytes before this hook (it is added as retransformation-capable).
        if (loader != null || !RECORDER.equals(className)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new Hook(writer), 0);
            return writer.toByteArray();
        } catch (Throwable failure) {
            Faults.report("hooking " + className, failure);
            return null;
        }
    }

    /** Adds the call at the entry of the static {@code getFlightRecorder()}. */
    private static final class Hook extends ClassVisitor {
        Hook(ClassVisitor next) {
            super(OpenedClassReader.ASM_API, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (mv == null || (access & Opcodes.ACC_STATIC) == 0 || !STARTS.equals(name) || !STARTS_DESCRIPTOR.equals(descriptor)) {
                return mv;
            }
            return new MethodVisitor(api, mv) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, "io/racewatch/jfr/JfrSink", "recorderStarting", "()V", false);
                }
            };
        }
    }
}

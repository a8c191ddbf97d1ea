package io.racewatch.order;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Orders the monitors of one JDK method ({@link OrderPoints#monitorsOrder}): the JDK's own code is
 * never rewritten for racewatch's lock probes, so a list handed from thread to thread through
 * {@code Collections.synchronizedList} or a {@code Vector} would look unordered. After each
 * {@code monitorenter} the monitor's object is acquired, before each {@code monitorexit} it is
 * released; a synchronized instance method acquires {@code this} on entry and releases it before
 * each return (an exception thrown out of one releases nothing: an edge missed, never one made up).
 * The same var as the application's own {@code synchronized} on that object, so the two order
 * each other. Straight-line code only; the operand stack grows by one slot.
 */
final class JdkMonitors extends MethodVisitor {
    private static final String PROBES = "io/racewatch/order/OrderProbes";
    private static final String OBJECT_PROBE = "(Ljava/lang/Object;)V";
    private final boolean synchronizedMethod;
    private final boolean releaseOnly;

    /**
     * @param synchronizedMethod a synchronized instance method: its monitor is {@code this}
     * @param releaseOnly        only release (a synchronized map's: see {@link OrderPoints#monitorsRelease})
     */
    JdkMonitors(int api, MethodVisitor next, boolean synchronizedMethod, boolean releaseOnly) {
        super(api, next);
        this.synchronizedMethod = synchronizedMethod;
        this.releaseOnly = releaseOnly;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (synchronizedMethod && !releaseOnly) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "acquire", OBJECT_PROBE, false);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.MONITORENTER && !releaseOnly) {
            super.visitInsn(Opcodes.DUP); // [lock] -> [lock, lock] -> monitorenter -> [lock] -> probe -> []
            super.visitInsn(opcode);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "acquire", OBJECT_PROBE, false);
            return;
        }
        if (opcode == Opcodes.MONITOREXIT) {
            super.visitInsn(Opcodes.DUP); // [lock] -> [lock, lock] -> probe -> [lock] -> monitorexit
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "release", OBJECT_PROBE, false);
        } else if (synchronizedMethod && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "release", OBJECT_PROBE, false);
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 1, maxLocals);
    }
}

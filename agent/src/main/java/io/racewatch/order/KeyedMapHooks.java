package io.racewatch.order;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Hooks one ConcurrentHashMap method per key ({@link OrderPoints#keyed}). Each such method starts
 * with {@code int h = spread(key.hashCode())}; the hooks pass the map and that local to
 * {@link OrderProbes}, so the key's hash is never computed again:
 * <ul>
 * <li>right after the local is stored, a method that stores the caller's value releases the key
 * ({@link OrderPoints#writesAtHash});</li>
 * <li>around a compute function's call: before a {@code BiFunction} sees the current value the
 * key is acquired; after any function returned, before its result is stored, released;</li>
 * <li>at each reference return, a non-null value retrieved acquires the key.</li>
 * </ul>
 * The local is assigned before any branch of the method, so it holds the hash in every frame that
 * follows; a method whose shape differs (no spread stored to a local) gets no hook. Only
 * straight-line code is added: the operand stack grows by at most three slots.
 */
final class KeyedMapHooks extends MethodVisitor {
    private static final String PROBES = "io/racewatch/order/OrderProbes";
    private static final String OBJ = "Ljava/lang/Object;";

    private final String owner;
    private final boolean writesAtHash;
    /** The spread call was just visited: the next instruction should store the hash. */
    private boolean spreadPending;
    /** The local holding the key's spread hash, or -1 before it is stored. */
    private int hashSlot = -1;

    KeyedMapHooks(int api, MethodVisitor mv, String owner, String method) {
        super(api, mv);
        this.owner = owner;
        this.writesAtHash = OrderPoints.writesAtHash(method);
    }

    @Override
    public void visitMethodInsn(int opcode, String callee, String name, String descriptor, boolean isInterface) {
        spreadPending = false;
        boolean function = hashSlot >= 0 && opcode == Opcodes.INVOKEINTERFACE && "apply".equals(name)
            && (callee.equals("java/util/function/Function") || callee.equals("java/util/function/BiFunction"));
        if (function && callee.equals("java/util/function/BiFunction")) {
            probe("keySeen"); // the function is about to see the key's current value
        }
        super.visitMethodInsn(opcode, callee, name, descriptor, isInterface);
        if (function) {
            probe("keyWriting"); // its result is about to be stored
        }
        if (hashSlot < 0 && opcode == Opcodes.INVOKESTATIC && callee.equals(owner) && "spread".equals(name) && "(I)I".equals(descriptor)) {
            spreadPending = true;
        }
    }

    @Override
    public void visitVarInsn(int opcode, int slot) {
        super.visitVarInsn(opcode, slot);
        if (spreadPending && opcode == Opcodes.ISTORE) {
            hashSlot = slot;
            if (writesAtHash) {
                probe("keyWriting");
            }
        }
        spreadPending = false;
    }

    @Override
    public void visitInsn(int opcode) {
        spreadPending = false;
        if (opcode == Opcodes.ARETURN && hashSlot >= 0) {
            super.visitInsn(Opcodes.DUP); // [v] -> [v, v, map, h] -> probe -> [v]
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitVarInsn(Opcodes.ILOAD, hashSlot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, "keyReturned", "(" + OBJ + OBJ + "I)V", false);
        }
        super.visitInsn(opcode);
    }

    // Any other instruction between the spread call and a store means another shape: no hook.
    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
        spreadPending = false;
        super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
    }

    @Override
    public void visitJumpInsn(int opcode, net.bytebuddy.jar.asm.Label label) {
        spreadPending = false;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        spreadPending = false;
        super.visitTypeInsn(opcode, type);
    }

    /** Passes the map and the key's hash to {@code name}. */
    private void probe(String name) {
        super.visitVarInsn(Opcodes.ALOAD, 0);
        super.visitVarInsn(Opcodes.ILOAD, hashSlot);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, PROBES, name, "(" + OBJ + "I)V", false);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + 3, maxLocals);
    }
}

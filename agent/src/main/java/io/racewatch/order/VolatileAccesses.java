package io.racewatch.order;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Orders the volatile accesses of one method of a class outside the JDK, checked or not: the
 * reads and writes of {@code volatile} fields and the calls of a VarHandle's volatile, release,
 * acquire and atomic access modes (its plain and opaque modes never order). A VarHandle's methods
 * are signature-polymorphic intrinsics with no body to hook, so their call sites are rewritten
 * instead, in the classes that make them (not in the JDK's own).
 *
 * <p>Per object where the object is at hand: an instance field's receiver, a VarHandle's first
 * coordinate when it is a reference (the object of a field handle, the array of an element
 * handle, the buffer of a view), the same var the Unsafe and atomics hooks use for that object.
 * Per field otherwise: a static volatile field by its name, a static field's VarHandle by the
 * handle. A write releases before the access, a read acquires after it, an atomic update both.
 * A constructor's writes of its own class's volatile fields are not probed: the object is not
 * published yet, and whatever publishes it orders them (this saves a var per object built).
 *
 * <p>The receiver of a field access is copied with stack instructions; a VarHandle call's
 * handle and arguments are parked in {@link #SPILL_LIMIT} local slots reserved above the
 * method's own, and reloaded. Only straight-line code is added.
 *
 * <p>Reads of one object's volatile fields back to back ({@code boolean d = inner.done; Queue q = inner.queue;},
 * common in reactive libraries' drain loops) make one acquisition, after the last of them: see {@link ReadRun}.
 */
public final class VolatileAccesses extends MethodVisitor {
    /** Local slots reserved for one VarHandle call's handle and arguments; a call that needs more is left unprobed. */
    public static final int SPILL_LIMIT = 8;
    private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
    private static final String INTERNAL_UNSAFE = "jdk/internal/misc/Unsafe";
    private static final String PROBES = "io/racewatch/order/OrderProbes";
    private static final String SYNC_PROBES = "io/racewatch/order/SyncProbes";
    private static final String OBJECT_PROBE = "(Ljava/lang/Object;)V";
    /** Ids of static volatile fields ({@code owner.name}), one var each in {@link SyncProbes}. */
    private static final Map<String, Integer> STATIC_IDS = new ConcurrentHashMap<>();
    /** The field of each id in {@link #STATIC_IDS}, for rewrites kept between runs. */
    private static final Map<Integer, String> STATIC_FIELDS = new ConcurrentHashMap<>();
    /** The next id: counted apart from the map, since classes of two threads may ask at once. */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_STATIC_ID = new java.util.concurrent.atomic.AtomicInteger();

    /** What an access mode does to ordering. */
    private enum Mode {
        READ, WRITE, UPDATE
    }

    private final String className;
    private final boolean constructor;
    private final BiPredicate<String, String> isVolatile;
    private final int firstSpill;
    private boolean changed;
    /** The slot that the instruction just passed on loaded a reference from ({@code aload}), or -1. */
    private int lastAload = -1;
    /** Reads of one object's volatile fields whose acquisition is held back, or null. */
    private ReadRun run;

    /**
     * @param className   the class being rewritten (internal name)
     * @param constructor the method is a constructor
     * @param isVolatile  whether field {@code name} of {@code owner} is volatile where it is declared
     * @param firstSpill  the first of the {@link #SPILL_LIMIT} slots reserved for VarHandle calls, or -1 when the
     *                    method has none (then none was reserved): the slots come on top of what the next
     *                    visitor declares at {@code visitMaxs}
     */
    public VolatileAccesses(int api, MethodVisitor next, String className, boolean constructor,
                            BiPredicate<String, String> isVolatile, int firstSpill) {
        super(api, next);
        this.className = className;
        this.constructor = constructor;
        this.isVolatile = isVolatile;
        this.firstSpill = firstSpill;
    }

    /**
     * Whether a call of this VarHandle method orders (a volatile, release, acquire or atomic
     * access mode). For the class-file scan: a method with such a call is rewritten.
     */
    public static boolean orders(String owner, String name) {
        return modeOf(owner, name) != null;
    }

    /** Whether a VarHandle or internal Unsafe method of this name orders: {@link #orders} without the owner (the scan asks it first, it is cheaper). */
    public static boolean ordersAsNamed(String name) {
        return mode(name) != null || unsafeMode(name) != null;
    }

    /** What a call of {@code owner.name} does to ordering, or null: a VarHandle's access mode or the JDK's internal Unsafe's. */
    private static Mode modeOf(String owner, String name) {
        if (VAR_HANDLE.equals(owner)) {
            return mode(name);
        }
        return INTERNAL_UNSAFE.equals(owner) ? unsafeMode(name) : null;
    }

    /**
     * The JDK's internal Unsafe ({@code jdk.internal.misc.Unsafe}), which libraries reach with
     * {@code --add-exports} (Agrona 2's queues and buffers): its volatile, acquire and release
     * accesses and its atomic updates order per object (the first argument), as {@code sun.misc.Unsafe}'s
     * hooks do; plain and opaque accesses never. Rewritten at the library's call sites: the JDK's own
     * calls are not rewritten (they are everywhere in it).
     */
    private static Mode unsafeMode(String name) {
        if (name.endsWith("Plain") || name.endsWith("Opaque")) {
            return null;
        }
        if (name.startsWith("getAnd") || name.startsWith("compareAndSet") || name.startsWith("compareAndExchange")
            || name.startsWith("weakCompareAndSet")) {
            return Mode.UPDATE;
        }
        if (name.startsWith("get") && (name.endsWith("Volatile") || name.endsWith("Acquire"))) {
            return Mode.READ;
        }
        if (name.startsWith("put") && (name.endsWith("Volatile") || name.endsWith("Release"))) {
            return Mode.WRITE;
        }
        return null;
    }

    private static Mode mode(String name) {
        return switch (name) {
            case "getVolatile", "getAcquire" -> Mode.READ;
            case "setVolatile", "setRelease" -> Mode.WRITE;
            case "compareAndSet", "compareAndExchange", "compareAndExchangeAcquire", "compareAndExchangeRelease",
                 "weakCompareAndSet", "weakCompareAndSetAcquire", "weakCompareAndSetRelease",
                 "getAndSet", "getAndSetAcquire", "getAndSetRelease", "getAndAdd", "getAndAddAcquire", "getAndAddRelease",
                 "getAndBitwiseOr", "getAndBitwiseOrAcquire", "getAndBitwiseOrRelease",
                 "getAndBitwiseAnd", "getAndBitwiseAndAcquire", "getAndBitwiseAndRelease",
                 "getAndBitwiseXor", "getAndBitwiseXorAcquire", "getAndBitwiseXorRelease" -> Mode.UPDATE;
            default -> null; // get, set, the opaque and plain modes, and the handle's other methods
        };
    }

    /** How many of a call's trailing arguments are values (the rest are coordinates). */
    private static int values(String name) {
        if (name.startsWith("get") && !name.startsWith("getAnd")) {
            return 0;
        }
        return name.startsWith("compareAnd") || name.startsWith("weakCompareAnd") ? 2 : 1;
    }

    // ---- volatile fields ----

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        boolean ordered = !owner.startsWith("java/") && !owner.startsWith("[") && isVolatile.test(owner, name);
        if (run != null && ordered && opcode == Opcodes.GETFIELD && run.receiverLoaded) {
            // The run goes on: the held instructions (its receiver's load last), then this read, no probe yet.
            List<Runnable> held = run.held;
            int slot = run.slot;
            run = null;
            held.forEach(Runnable::run);
            super.visitFieldInsn(opcode, owner, name, descriptor);
            lastAload = -1;
            run = new ReadRun(slot);
            return;
        }
        settle();
        int receiver = lastAload;
        lastAload = -1;
        if (!ordered) {
            super.visitFieldInsn(opcode, owner, name, descriptor);
            return;
        }
        lastAload = receiver; // read by the GETFIELD case below, then cleared
        try {
            orderField(opcode, owner, name, descriptor);
        } finally {
            lastAload = -1;
        }
    }

    private void orderField(int opcode, String owner, String name, String descriptor) {
        boolean wide = descriptor.equals("J") || descriptor.equals("D");
        changed = true;
        switch (opcode) {
            case Opcodes.PUTFIELD -> {
                if (!(constructor && owner.equals(className))) {
                    copyReceiverUnderValue(wide); // [obj, v] -> [obj, v, obj]
                    probe(PROBES, "volatileWrite", OBJECT_PROBE);
                }
                super.visitFieldInsn(opcode, owner, name, descriptor);
            }
            case Opcodes.GETFIELD -> {
                if (lastAload >= 0) { // the receiver is a local: its acquisition can wait for the run's end
                    int slot = lastAload;
                    super.visitFieldInsn(opcode, owner, name, descriptor);
                    run = new ReadRun(slot);
                    return;
                }
                super.visitInsn(Opcodes.DUP);
                super.visitFieldInsn(opcode, owner, name, descriptor);
                moveReceiverAboveValue(wide); // [obj, v] -> [v, obj]
                probe(PROBES, "volatileRead", OBJECT_PROBE);
            }
            case Opcodes.PUTSTATIC -> {
                pushInt(staticId(owner, name));
                probe(SYNC_PROBES, "volatileWrite", "(I)V");
                super.visitFieldInsn(opcode, owner, name, descriptor);
            }
            default -> {
                super.visitFieldInsn(opcode, owner, name, descriptor);
                pushInt(staticId(owner, name));
                probe(SYNC_PROBES, "volatileRead", "(I)V");
            }
        }
    }

    private static int staticId(String owner, String name) {
        return staticId(owner + "." + name);
    }

    /** The id of the static volatile field {@code owner.name} (owner an internal name), made on first use. */
    public static int staticId(String field) {
        Integer known = STATIC_IDS.get(field);
        return known != null ? known : STATIC_IDS.computeIfAbsent(field, k -> {
            int id = NEXT_STATIC_ID.getAndIncrement();
            STATIC_FIELDS.put(id, k);
            return id;
        });
    }

    /** The static volatile field ({@code owner.name}) that has {@code id}, or null: for a rewrite kept between runs. */
    public static String staticField(int id) {
        return STATIC_FIELDS.get(id);
    }

    private void copyReceiverUnderValue(boolean wide) {
        if (wide) {
            super.visitInsn(Opcodes.DUP2_X1); // [obj, J] -> [J, obj, J]
            super.visitInsn(Opcodes.POP2);    // [J, obj]
            super.visitInsn(Opcodes.DUP_X2);  // [obj, J, obj]
        } else {
            super.visitInsn(Opcodes.DUP2);    // [obj, v, obj, v]
            super.visitInsn(Opcodes.POP);     // [obj, v, obj]
        }
    }

    private void moveReceiverAboveValue(boolean wide) {
        if (wide) {
            super.visitInsn(Opcodes.DUP2_X1); // [obj, J] -> [J, obj, J]
            super.visitInsn(Opcodes.POP2);    // [J, obj]
        } else {
            super.visitInsn(Opcodes.SWAP);
        }
    }

    // ---- VarHandle calls ----

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        otherInstruction();
        Mode mode = opcode == Opcodes.INVOKEVIRTUAL ? modeOf(owner, name) : null;
        Type[] args = mode == null ? null : Type.getArgumentTypes(descriptor);
        int coordinates = args == null ? -1 : args.length - values(name);
        int words = 1;
        for (int i = 0; args != null && i < args.length; i++) {
            words += args[i].getSize();
        }
        if (coordinates < 0 || words > SPILL_LIMIT || firstSpill < 0) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            return;
        }
        changed = true;
        int handleSlot = firstSpill;
        int[] slots = new int[args.length];
        int next = firstSpill + 1;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        for (int i = args.length - 1; i >= 0; i--) {
            super.visitVarInsn(args[i].getOpcode(Opcodes.ISTORE), slots[i]);
        }
        super.visitVarInsn(Opcodes.ASTORE, handleSlot);
        int sort = coordinates > 0 ? args[0].getSort() : Type.VOID;
        // The object the access is to, else the handle (a static field's).
        int target = sort == Type.OBJECT || sort == Type.ARRAY ? slots[0] : handleSlot;
        if (mode != Mode.READ) {
            super.visitVarInsn(Opcodes.ALOAD, target);
            probe(PROBES, "volatileWrite", OBJECT_PROBE);
        }
        super.visitVarInsn(Opcodes.ALOAD, handleSlot);
        for (int i = 0; i < args.length; i++) {
            super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slots[i]);
        }
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        if (mode != Mode.WRITE) {
            super.visitVarInsn(Opcodes.ALOAD, target);
            probe(PROBES, "volatileRead", OBJECT_PROBE);
        }
    }

    private void probe(String owner, String name, String descriptor) {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
    }

    private void pushInt(int value) {
        if (value <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            super.visitLdcInsn(value);
        }
    }

    // ---- runs of reads of one object's volatile fields ----

    /**
     * Reads of volatile fields of the object in local {@code slot}, the first right after an {@code aload} of it,
     * each next one after only what {@link #holds} lets through: their acquisition of the object's var is made
     * once, after the last read, instead of after each. Sound because:
     * <ul>
     * <li>the acquisition only moves later, past instructions that can neither throw nor jump (stores to other
     * locals, the receiver's load, labels, line numbers, frames) and a read of a field of an object already read
     * (not null, and the field declared volatile where the hierarchy looked: resolution cannot fail), so every
     * execution that makes the first read also makes the last one and its acquisition. A label in between may be
     * a jump target: a path that enters there makes its reads and the acquisition after them, as before;</li>
     * <li>nothing in between records an access or publishes this thread's clock (no call, probe, monitor or write),
     * so no event can see the clock without the acquisitions that were held back;</li>
     * <li>every volatile field of an object orders through the object's one var ({@link OrderProbes#volatileRead}),
     * and an acquisition joins every release into it that happened before: the one after the last read joins
     * whatever the ones after the earlier reads would have.</li>
     * </ul>
     * Anything else settles the run: the probe goes right after the last read, where it would have gone alone,
     * then the held instructions are passed on. One probe call fewer per read in a run keeps the program's
     * compiled methods smaller (reactive: the JIT's time, issue 10).
     */
    private static final class ReadRun {
        final int slot;
        final List<Runnable> held = new ArrayList<>();
        /** The last instruction held is the load of {@link #slot}: a volatile read next continues the run. */
        boolean receiverLoaded;

        ReadRun(int slot) {
            this.slot = slot;
        }
    }

    /** Holds {@code event} in the open run, when it may sit inside one; false (nothing held) otherwise. */
    private boolean holds(Runnable event) {
        if (run == null || run.receiverLoaded) {
            return false;
        }
        run.held.add(event);
        return true;
    }

    /** Before an instruction that no run lets through: the open run ends, and no aload is just behind. */
    private void otherInstruction() {
        settle();
        lastAload = -1;
    }

    /** Ends the open run, if any: its acquisition after its last read, then what was held, in order. */
    private void settle() {
        ReadRun r = run;
        if (r == null) {
            return;
        }
        run = null;
        super.visitVarInsn(Opcodes.ALOAD, r.slot);
        probe(PROBES, "volatileRead", OBJECT_PROBE);
        lastAload = -1;
        r.held.forEach(Runnable::run);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        if (run != null && !run.receiverLoaded) {
            if (opcode == Opcodes.ALOAD && varIndex == run.slot) {
                run.held.add(() -> passVarInsn(opcode, varIndex));
                run.receiverLoaded = true;
                return;
            }
            boolean store = opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE;
            int width = opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE ? 2 : 1;
            if (store && (run.slot < varIndex || run.slot >= varIndex + width) && holds(() -> passVarInsn(opcode, varIndex))) {
                return;
            }
        }
        settle();
        passVarInsn(opcode, varIndex);
    }

    private void passVarInsn(int opcode, int varIndex) {
        super.visitVarInsn(opcode, varIndex);
        lastAload = opcode == Opcodes.ALOAD ? varIndex : -1;
    }

    @Override
    public void visitLabel(Label label) {
        if (!holds(() -> super.visitLabel(label))) {
            settle();
            super.visitLabel(label);
        }
        // A label passed on, or held, between an aload and a read: still adjacent in execution, but not worth the case.
        lastAload = -1;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        if (!holds(() -> super.visitLineNumber(line, start))) {
            settle();
            super.visitLineNumber(line, start);
        }
        lastAload = -1;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (!holds(() -> super.visitFrame(type, numLocal, local, numStack, stack))) {
            settle();
            super.visitFrame(type, numLocal, local, numStack, stack);
        }
        lastAload = -1;
    }

    @Override
    public void visitInsn(int opcode) {
        otherInstruction();
        super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        otherInstruction();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        otherInstruction();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle, Object... bootstrapMethodArguments) {
        otherInstruction();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        otherInstruction();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        otherInstruction();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        otherInstruction();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        otherInstruction();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        otherInstruction();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        otherInstruction();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        settle(); // annotates the instruction just passed on: held ones come after it
        return super.visitInsnAnnotation(typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        otherInstruction();
        super.visitTryCatchBlock(start, end, handler, type);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
        settle();
        super.visitLocalVariable(name, descriptor, signature, start, end, index);
    }

    @Override
    public void visitEnd() {
        settle();
        super.visitEnd();
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        settle();
        // Copying a wide value's receiver takes three more words; a probe's argument above a wide result, three.
        super.visitMaxs(changed ? maxStack + 3 : maxStack, firstSpill >= 0 ? maxLocals + SPILL_LIMIT : maxLocals);
    }
}

package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The map calls of one class, each made from a private static method added to the class,
 * {@code racewatch$map$N(receiver, args...)}: one per call site. The site calls it in place of
 * the map method; its body records the access through {@link Probes#MAP} and makes the original
 * call itself, so that the call keeps a profile of its own. Were the call made inside a shared
 * probe, every map class of the program would meet at one call site there: megamorphic, a
 * virtual call the JIT cannot inline, where the program's own site saw one map class.
 *
 * <p>Body, for a write ({@code put}):
 * <pre>
 * ts = MapProbes.putBegins(m, k, v, site)      // records; non-null: a marked concurrent-map call
 * if (ts == null) return m.put(k, v);
 * try { r = m.put(k, v); } catch (any) { MapProbes.callEnded(ts); throw; }
 * MapProbes.callEnded(ts); return r;
 * </pre>
 * and for a read ({@code get}) {@code ts = MapProbes.readBegins(m)} first, the call (marked
 * the same way), then {@code MapProbes.getEnded(ts, m, k, r, site)}: a read is recorded once its
 * value is seen. The site is a constant before each probe call that takes it, where a cached
 * rewrite's ids are patched ({@link ProbeConstants}).
 *
 * <p>A bridge's frame is left out of the stacks racewatch records ({@code Own.isAgentFrame}): a
 * finding shows the site's own method on top, as before.
 *
 * <p>Methods cannot be added when a loaded class is retransformed, nor to an interface before
 * class version 52: then the site calls the probe that makes the call ({@code MapProbes.get}).
 */
final class MapCallBridges {
    private static final String PREFIX = io.racewatch.runtime.Own.MAP_CALL_BRIDGE;
    private static final Set<String> READS = Set.of("get", "containsKey", "getOrDefault");
    private static final String MAP_TYPE = "Ljava/util/Map;";

    /** One bridge: the original call, its site and line. */
    private record Bridge(String name, String descriptor, Hook hook, int opcode, String owner, String method,
                          String callDescriptor, boolean ownerIsInterface, int site, int line) {
    }

    private final String className;
    private final boolean classIsInterface;
    private final boolean frames;
    private final List<Bridge> bridges = new ArrayList<>();

    /** @param frames write stack map frames (class version 50 on) */
    MapCallBridges(String className, boolean classIsInterface, boolean frames) {
        this.className = className;
        this.classIsInterface = classIsInterface;
        this.frames = frames;
    }

    /** Whether a class of this version and kind may get bridges (a private static interface method needs version 52). */
    static boolean allowed(int major, boolean isInterface) {
        return !isInterface || major >= Opcodes.V1_8;
    }

    /**
     * Emits, in place of the call {@code opcode owner.method callDescriptor} that {@code hook}
     * matched, the call of a new bridge that makes it (the operand stack is the call's own).
     */
    void call(MethodVisitor mv, Hook hook, int opcode, String owner, String method, String callDescriptor,
              boolean ownerIsInterface, int site, int line) {
        String name = PREFIX + bridges.size();
        String descriptor = "(L" + owner + ";" + callDescriptor.substring(1);
        bridges.add(new Bridge(name, descriptor, hook, opcode, owner, method, callDescriptor, ownerIsInterface, site, line));
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, className, name, descriptor, classIsInterface);
    }

    /** Adds every bridge's method to the class, straight to {@code writer}: their calls are not rewritten again. */
    void emit(ClassVisitor writer) {
        for (Bridge b : bridges) {
            MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                b.name(), b.descriptor(), null, null);
            if (mv != null) {
                body(mv, b);
            }
        }
    }

    private void body(MethodVisitor mv, Bridge b) {
        Type[] params = Type.getArgumentTypes(b.descriptor());
        Type result = Type.getReturnType(b.descriptor());
        boolean read = READS.contains(b.hook().replace());
        int paramSlots = 0;
        for (Type t : params) {
            paramSlots += t.getSize();
        }
        int state = paramSlots;
        int kept = paramSlots + 1;
        Label start = new Label();
        Label marked = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        mv.visitCode();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, null);
        mv.visitLabel(start);
        if (b.line() > 0) {
            mv.visitLineNumber(b.line(), start);
        }
        if (read) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            probe(mv, "readBegins", "(" + MAP_TYPE + ")" + Probes.THREAD_STATE);
        } else {
            loadParams(mv, params);
            pushInt(mv, b.site());
            probe(mv, b.hook().replace() + "Begins", "(" + MAP_TYPE + argsInner(b.hook()) + "I)" + Probes.THREAD_STATE);
        }
        mv.visitVarInsn(Opcodes.ASTORE, state);
        mv.visitVarInsn(Opcodes.ALOAD, state);
        mv.visitJumpInsn(Opcodes.IFNONNULL, marked);
        // Not marked: the plain call (no probe section is open, nothing to end on the way out).
        loadParams(mv, params);
        originalCall(mv, b);
        tail(mv, b, params, result, read, state, kept);

        // Marked (a concurrent map): the mark ends however the call ends.
        mv.visitLabel(marked);
        frame(mv, params, null);
        mv.visitLabel(tryStart);
        loadParams(mv, params);
        originalCall(mv, b);
        mv.visitLabel(tryEnd);
        if (result.getSort() != Type.VOID) {
            mv.visitVarInsn(result.getOpcode(Opcodes.ISTORE), kept);
        }
        mv.visitVarInsn(Opcodes.ALOAD, state);
        probe(mv, "callEnded", "(" + Probes.THREAD_STATE + ")V");
        if (result.getSort() != Type.VOID) {
            mv.visitVarInsn(result.getOpcode(Opcodes.ILOAD), kept);
        }
        tail(mv, b, params, result, read, state, kept);

        mv.visitLabel(handler);
        frame(mv, params, "java/lang/Throwable");
        mv.visitVarInsn(Opcodes.ALOAD, state);
        probe(mv, "callEnded", "(" + Probes.THREAD_STATE + ")V");
        mv.visitInsn(Opcodes.ATHROW);
        // Stack: the state, the parameters, the result and the site, for the read's probe.
        mv.visitMaxs(paramSlots + 3, kept + Math.max(result.getSize(), 1));
        mv.visitEnd();
    }

    /** With the call's result on the stack: a read's probe, then the return. */
    private void tail(MethodVisitor mv, Bridge b, Type[] params, Type result, boolean read, int state, int kept) {
        if (read) {
            mv.visitVarInsn(result.getOpcode(Opcodes.ISTORE), kept);
            mv.visitVarInsn(Opcodes.ALOAD, state);
            loadParams(mv, params);
            mv.visitVarInsn(result.getOpcode(Opcodes.ILOAD), kept);
            pushInt(mv, b.site());
            String seen = result.getSort() == Type.OBJECT || result.getSort() == Type.ARRAY ? "Ljava/lang/Object;" : result.getDescriptor();
            probe(mv, b.hook().replace() + "Ended",
                "(" + Probes.THREAD_STATE + MAP_TYPE + argsInner(b.hook()) + seen + "I)V");
            mv.visitVarInsn(result.getOpcode(Opcodes.ILOAD), kept);
        }
        mv.visitInsn(result.getOpcode(Opcodes.IRETURN));
    }

    /** Where a branch or the handler lands: the parameters and the state; on the stack nothing, or the exception. */
    private void frame(MethodVisitor mv, Type[] params, String thrown) {
        if (!frames) {
            return;
        }
        Object[] locals = new Object[params.length + 1];
        for (int i = 0; i < params.length; i++) {
            locals[i] = frameType(params[i]);
        }
        locals[params.length] = Probes.THREAD_STATE_TYPE;
        Object[] stack = thrown == null ? new Object[0] : new Object[] {thrown};
        mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
    }

    private static Object frameType(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
            case Type.LONG -> Opcodes.LONG;
            case Type.FLOAT -> Opcodes.FLOAT;
            case Type.DOUBLE -> Opcodes.DOUBLE;
            case Type.ARRAY -> t.getDescriptor();
            default -> t.getInternalName();
        };
    }

    private static void originalCall(MethodVisitor mv, Bridge b) {
        mv.visitMethodInsn(b.opcode(), b.owner(), b.method(), b.callDescriptor(), b.ownerIsInterface());
    }

    private static void loadParams(MethodVisitor mv, Type[] params) {
        int slot = 0;
        for (Type t : params) {
            mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
            slot += t.getSize();
        }
    }

    /** The hooked method's parameters, as the probes declare them (the call's own may be subtypes). */
    private static String argsInner(Hook hook) {
        String args = hook.args();
        return args.substring(1, args.length() - 1);
    }

    private static void probe(MethodVisitor mv, String name, String descriptor) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Probes.MAP, name, descriptor, false);
    }

    private static void pushInt(MethodVisitor mv, int value) {
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }
}

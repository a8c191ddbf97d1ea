package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Method references to hooked methods ({@code cache::get}, {@code lock::lock},
 * {@code executor::submit}) in one class. javac compiles them to an {@code invokedynamic} whose
 * LambdaMetafactory implementation handle points straight at the JDK method: no call site to
 * rewrite. Each such handle is replaced by one to a private static bridge added to the class,
 * {@code racewatch$ref$N(receiver, args...)}, whose body is the plain call; the bridge goes
 * through the same rewriting as any other method, so the call in it gets its probe. The
 * bridge's sites carry the line and the method of the reference, and the receiver's name when
 * the reference captured it from a field.
 *
 * <p>Serializable references are left alone: their deserialization checks the handle's name.
 * Methods cannot be added when a loaded class is retransformed: then nothing is bridged.
 */
final class MethodReferences {
    /** One bridge: where the reference was and what it called. */
    record Bridge(String name, Handle target, String descriptor, String enclosingMethod, int line, String receiverName) {
    }

    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_SERIALIZABLE = 1;

    private final String className;
    private final boolean classIsInterface;
    private final List<Bridge> bridges = new ArrayList<>();
    private final Map<String, Bridge> byName = new HashMap<>();

    MethodReferences(String className, boolean classIsInterface) {
        this.className = className;
        this.classIsInterface = classIsInterface;
    }

    /** The implementation handle of a LambdaMetafactory call site, when it may be bridged; else null. */
    static Handle implementation(Handle bootstrap, Object[] bootstrapArgs) {
        if (!bootstrap.getOwner().equals(METAFACTORY) || bootstrapArgs.length < 3 || !(bootstrapArgs[1] instanceof Handle impl)) {
            return null;
        }
        if (bootstrap.getName().equals("altMetafactory")) {
            if (bootstrapArgs.length < 4 || !(bootstrapArgs[3] instanceof Integer flags) || (flags & FLAG_SERIALIZABLE) != 0) {
                return null;
            }
        } else if (!bootstrap.getName().equals("metafactory")) {
            return null;
        }
        int tag = impl.getTag();
        boolean call = tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE || tag == Opcodes.H_INVOKESTATIC;
        return call && !impl.getOwner().startsWith("[") ? impl : null;
    }

    /**
     * A handle to a new bridge that makes {@code target}'s call, for a reference at {@code line} of
     * {@code enclosingMethod} whose invokedynamic has descriptor {@code callSiteDescriptor}.
     */
    Handle bridge(Handle target, String callSiteDescriptor, String enclosingMethod, int line, String receiverName) {
        String name = "racewatch$ref$" + bridges.size();
        boolean isStatic = target.getTag() == Opcodes.H_INVOKESTATIC;
        String args = target.getDesc().substring(1);
        // A captured receiver must match the bridge's parameter exactly (the metafactory's rule for
        // captured arguments): this::get in a map subclass captures the subclass while the handle
        // names the superclass's get. An unbound receiver only needs to be assignable.
        Type[] captured = Type.getArgumentTypes(callSiteDescriptor);
        String receiver = captured.length > 0 ? captured[0].getDescriptor() : "L" + target.getOwner() + ";";
        String descriptor = isStatic ? target.getDesc() : "(" + receiver + args;
        Bridge b = new Bridge(name, target, descriptor, enclosingMethod, line, receiverName);
        bridges.add(b);
        byName.put(name, b);
        return new Handle(Opcodes.H_INVOKESTATIC, className, name, descriptor, classIsInterface);
    }

    /** The bridge of this name, when a method being visited is one of them; else null. */
    Bridge named(String methodName) {
        return byName.get(methodName);
    }

    /** Adds every bridge's method to the class, through {@code rewriter} (whose visitMethod rewrites its call). */
    void emit(ClassVisitor rewriter) {
        for (int i = 0; i < bridges.size(); i++) { // emitting may not add bridges (their bodies make no references)
            Bridge b = bridges.get(i);
            MethodVisitor mv = rewriter.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                b.name(), b.descriptor(), null, null);
            if (mv == null) {
                continue;
            }
            mv.visitCode();
            Label start = new Label();
            mv.visitLabel(start);
            if (b.line() > 0) {
                mv.visitLineNumber(b.line(), start);
            }
            int slot = 0;
            for (Type t : Type.getArgumentTypes(b.descriptor())) {
                mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
                slot += t.getSize();
            }
            Handle t = b.target();
            int opcode = switch (t.getTag()) {
                case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
                case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
                default -> Opcodes.INVOKEVIRTUAL;
            };
            mv.visitMethodInsn(opcode, t.getOwner(), t.getName(), t.getDesc(), t.isInterface());
            Type returned = Type.getReturnType(b.descriptor());
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            mv.visitMaxs(Math.max(slot, returned.getSize()), slot);
            mv.visitEnd();
        }
    }
}

package io.racewatch.instrument;

import io.racewatch.order.VolatileAccesses;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Holds a method's code back until its end, so that the rewriter knows how many local slots
 * the method uses before it emits the first instruction: rewritten calls park their arguments
 * in fresh slots above them. The code is held as a {@link RecordedCode}. Declarations before the code pass straight through; type
 * annotations on instructions are dropped (they do not affect execution).
 */
final class MethodBuffer extends MethodVisitor {
    /**
     * What is known about the method once all of it has been seen.
     *
     * @param maxLocals   local slots the method uses
     * @param annotations descriptors of the method's annotations ({@code Ljakarta/annotation/PreDestroy;})
     * @param firstLine   the first line number of its code, or -1
     * @param hasFrames   its code carries stack map frames
     * @param hasBranches its code jumps, switches or catches: places that need a frame when the class has them
     * @param releaseBefore labels before which a monitorexit's release probe goes (see {@link MonitorExits})
     * @param orderingHandleCall it calls a VarHandle access mode that orders (see {@link VolatileAccesses#orders})
     * @param monitorEnter it has a {@code monitorenter}
     * @param lockCalls  the owners and names of its virtual and interface calls named {@code lock()} or {@code lockInterruptibly()},
     *                   in pairs (whether one is a hooked {@code Lock}'s is for the rewriter to say)
     * @param fencedFields the fields ({@code owner.name}) a fence next to one of their accesses orders (see {@link FencedFields})
     */
    record Facts(int maxLocals, Set<String> annotations, int firstLine, boolean hasFrames, boolean hasBranches,
                 Map<Label, Integer> releaseBefore, boolean orderingHandleCall, boolean monitorEnter, List<String> lockCalls,
                 Set<String> fencedFields) {
    }

    private final RecordedCode code = new RecordedCode();
    private final Function<Facts, MethodVisitor> rewriter;
    private final Set<String> annotations = new HashSet<>();
    private int firstLine = -1;
    private final MonitorExits monitorExits = new MonitorExits();
    private final FencedFields fences = new FencedFields();
    private boolean inCode;
    private int maxStack;
    private int maxLocals;
    private boolean hasFrames;
    private boolean hasBranches;
    private boolean orderingHandleCall;
    private boolean monitorEnter;
    private final List<String> lockCalls = new ArrayList<>(0);

    /** @param rewriter given the method's facts, returns the visitor to replay the code into */
    MethodBuffer(int api, MethodVisitor declarations, Function<Facts, MethodVisitor> rewriter) {
        super(api, declarations);
        this.rewriter = rewriter;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        annotations.add(descriptor);
        return super.visitAnnotation(descriptor, visible);
    }

    @Override
    public void visitCode() {
        inCode = true;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        hasFrames = true;
        // The reader reuses these arrays for the next frame: keep copies.
        Object[] locals = local == null ? null : local.clone();
        Object[] stackTypes = stack == null ? null : stack.clone();
        code.frame(type, numLocal, locals, numStack, stackTypes);
    }

    @Override
    public void visitInsn(int opcode) {
        monitorExits.instruction(opcode, -1);
        monitorEnter |= opcode == Opcodes.MONITORENTER;
        fences.instruction(opcode);
        code.insn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        monitorExits.instruction(opcode, -1);
        fences.instruction(opcode);
        code.intInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        monitorExits.instruction(opcode, var);
        boolean wide = opcode == Opcodes.LLOAD || opcode == Opcodes.DLOAD || opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE;
        maxLocals = Math.max(maxLocals, var + (wide ? 2 : 1));
        fences.instruction(opcode);
        code.varInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        monitorExits.instruction(opcode, -1);
        fences.instruction(opcode);
        code.typeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        monitorExits.instruction(opcode, -1);
        fences.field(opcode, owner, name, descriptor);
        code.fieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        monitorExits.instruction(opcode, -1);
        orderingHandleCall |= VolatileAccesses.orders(owner, name);
        fences.call(owner, name);
        if ((opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE) && descriptor.equals("()V") && (name.equals("lock") || name.equals("lockInterruptibly"))) {
            lockCalls.add(owner);
            lockCalls.add(name);
        }
        code.methodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... bsmArgs) {
        monitorExits.instruction(Opcodes.INVOKEDYNAMIC, -1);
        fences.end();
        Object[] args = bsmArgs.clone();
        code.invokeDynamic(name, descriptor, bsm, args);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        hasBranches = true;
        monitorExits.instruction(opcode, -1);
        monitorExits.target(label);
        fences.end();
        code.jump(opcode, label);
    }

    @Override
    public void visitLabel(Label label) {
        monitorExits.label(label);
        code.label(label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        monitorExits.instruction(Opcodes.LDC, -1);
        fences.instruction(Opcodes.LDC);
        code.ldc(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        monitorExits.instruction(Opcodes.IINC, var);
        fences.instruction(Opcodes.IINC);
        maxLocals = Math.max(maxLocals, var + 1);
        code.iinc(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        hasBranches = true;
        monitorExits.instruction(Opcodes.TABLESWITCH, -1);
        fences.end();
        monitorExits.target(dflt);
        for (Label l : labels) {
            monitorExits.target(l);
        }
        Label[] targets = labels.clone();
        code.tableSwitch(min, max, dflt, targets);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        hasBranches = true;
        monitorExits.instruction(Opcodes.LOOKUPSWITCH, -1);
        fences.end();
        monitorExits.target(dflt);
        for (Label l : labels) {
            monitorExits.target(l);
        }
        int[] values = keys.clone();
        Label[] targets = labels.clone();
        code.lookupSwitch(dflt, values, targets);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        monitorExits.instruction(Opcodes.MULTIANEWARRAY, -1);
        fences.instruction(Opcodes.MULTIANEWARRAY);
        code.multiANewArray(descriptor, numDimensions);
    }

    @Override
    public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        hasBranches = true;
        monitorExits.target(handler);
        monitorExits.tryCatch(start, end, type);
        code.tryCatch(start, end, handler, type);
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
        code.localVariable(name, descriptor, signature, start, end, index);
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
                                                          int[] index, String descriptor, boolean visible) {
        return null;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        if (firstLine < 0) {
            firstLine = line;
        }
        code.lineNumber(line, start);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        this.maxStack = maxStack;
        this.maxLocals = Math.max(this.maxLocals, maxLocals);
    }

    @Override
    public void visitEnd() {
        if (!inCode) {
            super.visitEnd();
            return;
        }
        MethodVisitor target = rewriter.apply(new Facts(maxLocals, annotations, firstLine, hasFrames, hasBranches,
            monitorExits.releaseBefore(), orderingHandleCall, monitorEnter, lockCalls, fences.fields()));
        target.visitCode();
        code.replay(target);
        target.visitMaxs(maxStack, maxLocals);
        target.visitEnd();
    }
}

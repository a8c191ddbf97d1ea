package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordedCodeTest {
    /** Writes each visit as a line. */
    private static final class Log extends MethodVisitor {
        final List<String> lines = new ArrayList<>();

        Log() {
            super(Opcodes.ASM9);
        }

        @Override public void visitInsn(int opcode) { lines.add("insn " + opcode); }
        @Override public void visitIntInsn(int opcode, int operand) { lines.add("int " + opcode + " " + operand); }
        @Override public void visitVarInsn(int opcode, int var) { lines.add("var " + opcode + " " + var); }
        @Override public void visitTypeInsn(int opcode, String type) { lines.add("type " + opcode + " " + type); }
        @Override public void visitFieldInsn(int opcode, String owner, String name, String d) { lines.add("field " + opcode + " " + owner + "." + name + d); }
        @Override public void visitMethodInsn(int opcode, String owner, String name, String d, boolean itf) { lines.add("method " + opcode + " " + owner + "." + name + d + " " + itf); }
        @Override public void visitInvokeDynamicInsn(String name, String d, Handle bsm, Object... args) { lines.add("indy " + name + d + " " + bsm.getName() + " " + Arrays.toString(args)); }
        @Override public void visitJumpInsn(int opcode, Label label) { lines.add("jump " + opcode + " " + label); }
        @Override public void visitLabel(Label label) { lines.add("label " + label); }
        @Override public void visitLdcInsn(Object value) { lines.add("ldc " + value); }
        @Override public void visitIincInsn(int var, int increment) { lines.add("iinc " + var + " " + increment); }
        @Override public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) { lines.add("table " + min + " " + max + " " + dflt + " " + Arrays.toString(labels)); }
        @Override public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) { lines.add("lookup " + dflt + " " + Arrays.toString(keys) + " " + Arrays.toString(labels)); }
        @Override public void visitMultiANewArrayInsn(String d, int dims) { lines.add("multi " + d + " " + dims); }
        @Override public void visitTryCatchBlock(Label s, Label e, Label h, String type) { lines.add("try " + s + " " + e + " " + h + " " + type); }
        @Override public void visitLocalVariable(String name, String d, String sig, Label s, Label e, int index) { lines.add("local " + name + " " + d + " " + sig + " " + s + " " + e + " " + index); }
        @Override public void visitLineNumber(int line, Label start) { lines.add("line " + line + " " + start); }
        @Override public void visitFrame(int type, int nl, Object[] l, int ns, Object[] s) { lines.add("frame " + type + " " + nl + " " + Arrays.toString(l) + " " + ns + " " + Arrays.toString(s)); }
    }

    @Test
    void replaysEveryKindOfInstructionInTheOrderRecorded() {
        Label a = new Label();
        Label b = new Label();
        Label c = new Label();
        Handle bsm = new Handle(Opcodes.H_INVOKESTATIC, "x/Boot", "bootstrap", "()V", false);
        Log expected = new Log();
        RecordedCode code = new RecordedCode();
        // Six times over, so that the arrays grow past their first size and every entry follows every other kind.
        for (int round = 0; round < 6; round++) {
            code.label(a);
            expected.visitLabel(a);
            code.lineNumber(10 + round, a);
            expected.visitLineNumber(10 + round, a);
            code.frame(Opcodes.F_NEW, 1, new Object[] {"x/A"}, 1, new Object[] {Opcodes.INTEGER});
            expected.visitFrame(Opcodes.F_NEW, 1, new Object[] {"x/A"}, 1, new Object[] {Opcodes.INTEGER});
            code.insn(Opcodes.ICONST_1);
            expected.visitInsn(Opcodes.ICONST_1);
            code.intInsn(Opcodes.BIPUSH, 42 + round);
            expected.visitIntInsn(Opcodes.BIPUSH, 42 + round);
            code.varInsn(Opcodes.ALOAD, 3);
            expected.visitVarInsn(Opcodes.ALOAD, 3);
            code.typeInsn(Opcodes.CHECKCAST, "x/T");
            expected.visitTypeInsn(Opcodes.CHECKCAST, "x/T");
            code.fieldInsn(Opcodes.GETFIELD, "x/O", "f", "I");
            expected.visitFieldInsn(Opcodes.GETFIELD, "x/O", "f", "I");
            code.methodInsn(Opcodes.INVOKEINTERFACE, "java/util/Map", "get", "(Ljava/lang/Object;)Ljava/lang/Object;", true);
            expected.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/Map", "get", "(Ljava/lang/Object;)Ljava/lang/Object;", true);
            code.methodInsn(Opcodes.INVOKESTATIC, "x/S", "s", "()V", false);
            expected.visitMethodInsn(Opcodes.INVOKESTATIC, "x/S", "s", "()V", false);
            code.invokeDynamic("run", "()Ljava/lang/Runnable;", bsm, new Object[] {"arg", 7});
            expected.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", bsm, "arg", 7);
            code.jump(Opcodes.IFEQ, b);
            expected.visitJumpInsn(Opcodes.IFEQ, b);
            code.ldc("constant" + round);
            expected.visitLdcInsn("constant" + round);
            code.iinc(2, -round);
            expected.visitIincInsn(2, -round);
            code.tableSwitch(1, 2, c, new Label[] {a, b});
            expected.visitTableSwitchInsn(1, 2, c, a, b);
            code.lookupSwitch(c, new int[] {5, 9}, new Label[] {b, a});
            expected.visitLookupSwitchInsn(c, new int[] {5, 9}, new Label[] {b, a});
            code.multiANewArray("[[I", 2);
            expected.visitMultiANewArrayInsn("[[I", 2);
            code.tryCatch(a, b, c, round % 2 == 0 ? null : "java/lang/Exception");
            expected.visitTryCatchBlock(a, b, c, round % 2 == 0 ? null : "java/lang/Exception");
            code.localVariable("v" + round, "I", null, a, b, 4);
            expected.visitLocalVariable("v" + round, "I", null, a, b, 4);
        }
        Log replayed = new Log();
        code.replay(replayed);
        assertEquals(expected.lines, replayed.lines);
    }
}

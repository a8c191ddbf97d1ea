package io.racewatch.instrument;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;

import java.util.Arrays;

/**
 * A method's instructions as {@link MethodBuffer} holds them back, in two flat arrays (numbers,
 * and the strings, labels and constants they refer to), replayed in order into a visitor. Not a
 * list of lambdas: that made one object per instruction, and a replay call that could reach any
 * of twenty lambda classes, each of which the JIT compiled with the whole rewrite inlined into it;
 * the replay here is one small loop over one switch.
 */
final class RecordedCode {
    private static final int INSN = 0;
    private static final int INT_INSN = 1;
    private static final int VAR_INSN = 2;
    private static final int TYPE_INSN = 3;
    private static final int FIELD_INSN = 4;
    private static final int METHOD_INSN = 5;
    private static final int INVOKE_DYNAMIC = 6;
    private static final int JUMP = 7;
    private static final int LABEL = 8;
    private static final int LDC = 9;
    private static final int IINC = 10;
    private static final int TABLE_SWITCH = 11;
    private static final int LOOKUP_SWITCH = 12;
    private static final int MULTI_ANEW_ARRAY = 13;
    private static final int TRY_CATCH = 14;
    private static final int LOCAL_VARIABLE = 15;
    private static final int LINE_NUMBER = 16;
    private static final int FRAME = 17;

    /** Per kind, how many numbers one entry takes (the kind included) and how many references. */
    private static final int[] NUMBERS = {2, 3, 3, 2, 2, 3, 1, 2, 1, 1, 3, 3, 1, 2, 1, 2, 2, 4};
    private static final int[] REFS = {0, 0, 0, 1, 3, 3, 4, 1, 1, 1, 0, 2, 3, 1, 4, 5, 1, 2};

    private int[] numbers = new int[64];
    private int numberCount;
    private Object[] refs = new Object[32];
    private int refCount;

    void insn(int opcode) {
        add(INSN, opcode);
    }

    void intInsn(int opcode, int operand) {
        add(INT_INSN, opcode, operand);
    }

    void varInsn(int opcode, int var) {
        add(VAR_INSN, opcode, var);
    }

    void typeInsn(int opcode, String type) {
        add(TYPE_INSN, opcode);
        ref(type);
    }

    void fieldInsn(int opcode, String owner, String name, String descriptor) {
        add(FIELD_INSN, opcode);
        ref(owner, name, descriptor);
    }

    void methodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        add(METHOD_INSN, opcode, isInterface ? 1 : 0);
        ref(owner, name, descriptor);
    }

    /** @param bsmArgs a copy the caller no longer changes */
    void invokeDynamic(String name, String descriptor, Handle bsm, Object[] bsmArgs) {
        add(INVOKE_DYNAMIC);
        ref(name, descriptor);
        ref(bsm, bsmArgs);
    }

    void jump(int opcode, Label label) {
        add(JUMP, opcode);
        ref(label);
    }

    void label(Label label) {
        add(LABEL);
        ref(label);
    }

    void ldc(Object value) {
        add(LDC);
        ref(value);
    }

    void iinc(int var, int increment) {
        add(IINC, var, increment);
    }

    /** @param labels a copy the caller no longer changes */
    void tableSwitch(int min, int max, Label dflt, Label[] labels) {
        add(TABLE_SWITCH, min, max);
        ref(dflt, labels);
    }

    /** @param keys and {@code labels}: copies the caller no longer changes */
    void lookupSwitch(Label dflt, int[] keys, Label[] labels) {
        add(LOOKUP_SWITCH);
        ref(dflt, keys);
        ref(labels);
    }

    void multiANewArray(String descriptor, int dimensions) {
        add(MULTI_ANEW_ARRAY, dimensions);
        ref(descriptor);
    }

    void tryCatch(Label start, Label end, Label handler, String type) {
        add(TRY_CATCH);
        ref(start, end);
        ref(handler, type);
    }

    void localVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
        add(LOCAL_VARIABLE, index);
        ref(name, descriptor, signature);
        ref(start, end);
    }

    void lineNumber(int line, Label start) {
        add(LINE_NUMBER, line);
        ref(start);
    }

    /** @param local and {@code stack}: copies the caller no longer changes (the reader reuses its arrays) */
    void frame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        add(FRAME, type, numLocal, numStack);
        ref(local, stack);
    }

    /** Visits every recorded instruction, in the order recorded. */
    void replay(MethodVisitor target) {
        int[] n = numbers;
        Object[] r = refs;
        int j = 0;
        for (int i = 0; i < numberCount; ) {
            int kind = n[i];
            switch (kind) {
                case INSN -> target.visitInsn(n[i + 1]);
                case INT_INSN -> target.visitIntInsn(n[i + 1], n[i + 2]);
                case VAR_INSN -> target.visitVarInsn(n[i + 1], n[i + 2]);
                case TYPE_INSN -> target.visitTypeInsn(n[i + 1], (String) r[j]);
                case FIELD_INSN -> target.visitFieldInsn(n[i + 1], (String) r[j], (String) r[j + 1], (String) r[j + 2]);
                case METHOD_INSN -> target.visitMethodInsn(n[i + 1], (String) r[j], (String) r[j + 1], (String) r[j + 2], n[i + 2] != 0);
                case INVOKE_DYNAMIC -> target.visitInvokeDynamicInsn((String) r[j], (String) r[j + 1], (Handle) r[j + 2], (Object[]) r[j + 3]);
                case JUMP -> target.visitJumpInsn(n[i + 1], (Label) r[j]);
                case LABEL -> target.visitLabel((Label) r[j]);
                case LDC -> target.visitLdcInsn(r[j]);
                case IINC -> target.visitIincInsn(n[i + 1], n[i + 2]);
                case TABLE_SWITCH -> target.visitTableSwitchInsn(n[i + 1], n[i + 2], (Label) r[j], (Label[]) r[j + 1]);
                case LOOKUP_SWITCH -> target.visitLookupSwitchInsn((Label) r[j], (int[]) r[j + 1], (Label[]) r[j + 2]);
                case MULTI_ANEW_ARRAY -> target.visitMultiANewArrayInsn((String) r[j], n[i + 1]);
                case TRY_CATCH -> target.visitTryCatchBlock((Label) r[j], (Label) r[j + 1], (Label) r[j + 2], (String) r[j + 3]);
                case LOCAL_VARIABLE -> target.visitLocalVariable((String) r[j], (String) r[j + 1], (String) r[j + 2], (Label) r[j + 3],
                    (Label) r[j + 4], n[i + 1]);
                case LINE_NUMBER -> target.visitLineNumber(n[i + 1], (Label) r[j]);
                case FRAME -> target.visitFrame(n[i + 1], n[i + 2], (Object[]) r[j], n[i + 3], (Object[]) r[j + 1]);
                default -> throw new IllegalStateException("recorded kind " + kind);
            }
            i += NUMBERS[kind];
            j += REFS[kind];
        }
    }

    private void add(int kind) {
        int at = room(1);
        numbers[at] = kind;
    }

    private void add(int kind, int a) {
        int at = room(2);
        numbers[at] = kind;
        numbers[at + 1] = a;
    }

    private void add(int kind, int a, int b) {
        int at = room(3);
        numbers[at] = kind;
        numbers[at + 1] = a;
        numbers[at + 2] = b;
    }

    private void add(int kind, int a, int b, int c) {
        int at = room(4);
        numbers[at] = kind;
        numbers[at + 1] = a;
        numbers[at + 2] = b;
        numbers[at + 3] = c;
    }

    /** Reserves {@code count} numbers; returns where they start. */
    private int room(int count) {
        int at = numberCount;
        if (at + count > numbers.length) {
            numbers = Arrays.copyOf(numbers, Math.max(numbers.length * 2, at + count));
        }
        numberCount = at + count;
        return at;
    }

    private void ref(Object a) {
        int at = refRoom(1);
        refs[at] = a;
    }

    private void ref(Object a, Object b) {
        int at = refRoom(2);
        refs[at] = a;
        refs[at + 1] = b;
    }

    private void ref(Object a, Object b, Object c) {
        int at = refRoom(3);
        refs[at] = a;
        refs[at + 1] = b;
        refs[at + 2] = c;
    }

    private int refRoom(int count) {
        int at = refCount;
        if (at + count > refs.length) {
            refs = Arrays.copyOf(refs, Math.max(refs.length * 2, at + count));
        }
        refCount = at + count;
        return at;
    }
}

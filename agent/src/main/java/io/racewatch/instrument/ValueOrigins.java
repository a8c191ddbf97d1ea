package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the values on a method's operand stack came from, followed instruction by instruction
 * as the method is rewritten: the field a reference was read from ({@code Ledger.lock}), passed
 * on through {@code dup}s, {@code swap}s and local variables, or unknown. Locks are named after
 * the origin of the receiver of the lock call (under the call's arguments) or of the
 * {@code monitorenter} operand, never after a value loaded later.
 *
 * <p>The stack is kept in words (a long or double takes two), so the {@code dup}/{@code swap}
 * family needs no types. Where the stack is not known (after a jump, before the next frame) or
 * paths merge (a frame), origins are forgotten: a name is only given when it is certain.
 */
final class ValueOrigins {
    private String[] stack = new String[16];
    private int depth;
    /** False after an unconditional jump until the next frame says what the stack holds. */
    private boolean known = true;
    private final Map<Integer, String> locals = new HashMap<>();

    // ---- what the rewriter asks ----

    /** Origin of the value whose top word is {@code wordsBelowTop} words under the top of the stack, or null. */
    String peek(int wordsBelowTop) {
        int i = depth - 1 - wordsBelowTop;
        return known && i >= 0 ? stack[i] : null;
    }

    /** Origin of the receiver of a call with this descriptor, about to be made. */
    String receiverOf(String descriptor) {
        return peek((Type.getArgumentsAndReturnSizes(descriptor) >> 2) - 1);
    }

    // ---- instructions ----

    /** A stack map frame: a merge point whose stack holds {@code words} words of unknown origin. */
    void frame(int words) {
        known = true;
        depth = 0;
        for (int i = 0; i < words; i++) {
            push(null);
        }
        locals.clear();
    }

    /**
     * A label. After a jump the stack is unknown until a frame says what it holds; a class file
     * without frames (before version 50) has none, so there the stack is taken to be empty, as
     * it is between statements (only a name can come out wrong).
     */
    void label() {
        if (!known) {
            known = true;
            depth = 0;
        }
    }

    /** After goto, return, athrow or a switch: nothing is known until the next frame. */
    private void lost() {
        known = false;
        depth = 0;
    }

    void insn(int opcode) {
        switch (opcode) {
            case Opcodes.NOP -> {
            }
            case Opcodes.ACONST_NULL -> push(null);
            case Opcodes.POP, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> pop(1);
            case Opcodes.POP2 -> pop(2);
            case Opcodes.DUP -> {
                String a = top(0);
                push(a);
            }
            case Opcodes.DUP_X1 -> reorder(2, 0, 1, 0);
            case Opcodes.DUP_X2 -> reorder(3, 0, 2, 1, 0);
            case Opcodes.DUP2 -> reorder(2, 1, 0, 1, 0);
            case Opcodes.DUP2_X1 -> reorder(3, 1, 0, 2, 1, 0);
            case Opcodes.DUP2_X2 -> reorder(4, 1, 0, 3, 2, 1, 0);
            case Opcodes.SWAP -> reorder(2, 0, 1);
            case Opcodes.ARRAYLENGTH -> effect(1, 1);
            case Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.RETURN,
                 Opcodes.ATHROW -> lost();
            case Opcodes.LCMP, Opcodes.DCMPL, Opcodes.DCMPG -> effect(4, 1);
            case Opcodes.FCMPL, Opcodes.FCMPG -> effect(2, 1);
            default -> table(opcode);
        }
    }

    /** Constants, array access, arithmetic and conversions: words popped and pushed, no origin. */
    private void table(int opcode) {
        if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.DCONST_1) {
            boolean wide = opcode == Opcodes.LCONST_0 || opcode == Opcodes.LCONST_1 || opcode >= Opcodes.DCONST_0;
            effect(0, wide ? 2 : 1);
        } else if (opcode >= Opcodes.IALOAD && opcode <= Opcodes.SALOAD) {
            effect(2, opcode == Opcodes.LALOAD || opcode == Opcodes.DALOAD ? 2 : 1);
        } else if (opcode >= Opcodes.IASTORE && opcode <= Opcodes.SASTORE) {
            effect(opcode == Opcodes.LASTORE || opcode == Opcodes.DASTORE ? 4 : 3, 0);
        } else if (opcode >= Opcodes.IADD && opcode <= Opcodes.DREM) {
            int size = wordsOf((opcode - Opcodes.IADD) % 4);
            effect(2 * size, size);
        } else if (opcode >= Opcodes.INEG && opcode <= Opcodes.DNEG) {
            int size = wordsOf(opcode - Opcodes.INEG);
            effect(size, size);
        } else if (opcode >= Opcodes.ISHL && opcode <= Opcodes.LUSHR) {
            boolean wide = (opcode - Opcodes.ISHL) % 2 == 1;
            effect(wide ? 3 : 2, wide ? 2 : 1);
        } else if (opcode >= Opcodes.IAND && opcode <= Opcodes.LXOR) {
            boolean wide = (opcode - Opcodes.IAND) % 2 == 1;
            effect(wide ? 4 : 2, wide ? 2 : 1);
        } else if (opcode >= Opcodes.I2L && opcode <= Opcodes.I2S) {
            effect(CONVERSIONS[2 * (opcode - Opcodes.I2L)], CONVERSIONS[2 * (opcode - Opcodes.I2L) + 1]);
        } else {
            lost(); // not an instruction of this visit: forget rather than guess
        }
    }

    /** Words popped and pushed by I2L .. I2S, in opcode order. */
    private static final int[] CONVERSIONS = {
        1, 2, 1, 1, 1, 2, // I2L I2F I2D
        2, 1, 2, 1, 2, 2, // L2I L2F L2D
        1, 1, 1, 2, 1, 2, // F2I F2L F2D
        2, 1, 2, 2, 2, 1, // D2I D2L D2F
        1, 1, 1, 1, 1, 1, // I2B I2C I2S
    };

    /** I, L, F, D in the order of the typed opcode families. */
    private static int wordsOf(int typeIndex) {
        return typeIndex == 1 || typeIndex == 3 ? 2 : 1;
    }

    void intInsn(int opcode) {
        if (opcode == Opcodes.NEWARRAY) {
            effect(1, 1);
        } else {
            effect(0, 1); // bipush, sipush
        }
    }

    void varInsn(int opcode, int var) {
        switch (opcode) {
            case Opcodes.ALOAD -> push(locals.get(var));
            case Opcodes.ILOAD, Opcodes.FLOAD -> effect(0, 1);
            case Opcodes.LLOAD, Opcodes.DLOAD -> effect(0, 2);
            case Opcodes.ASTORE -> {
                String origin = top(0);
                pop(1);
                if (origin == null) {
                    locals.remove(var);
                } else {
                    locals.put(var, origin);
                }
            }
            case Opcodes.ISTORE, Opcodes.FSTORE -> store(var, 1);
            case Opcodes.LSTORE, Opcodes.DSTORE -> store(var, 2);
            default -> lost(); // ret
        }
    }

    private void store(int var, int words) {
        pop(words);
        locals.remove(var);
    }

    void iinc(int var) {
        locals.remove(var);
    }

    void typeInsn(int opcode) {
        if (opcode == Opcodes.NEW) {
            effect(0, 1);
        } else {
            effect(1, 1); // anewarray, checkcast, instanceof
        }
    }

    /** A field access; a reference read gets {@code origin} (the field's name as reports show it). */
    void fieldInsn(int opcode, String descriptor, String origin) {
        int size = Type.getType(descriptor).getSize();
        boolean reference = descriptor.startsWith("L") || descriptor.startsWith("[");
        switch (opcode) {
            case Opcodes.GETSTATIC -> pushValue(size, reference ? origin : null);
            case Opcodes.GETFIELD -> {
                pop(1);
                pushValue(size, reference ? origin : null);
            }
            case Opcodes.PUTSTATIC -> pop(size);
            default -> pop(size + 1); // putfield
        }
    }

    void methodInsn(int opcode, String descriptor) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        int argWords = (sizes >> 2) - 1; // includes an implicit receiver slot; static calls have none
        pop(opcode == Opcodes.INVOKESTATIC ? argWords : argWords + 1);
        pushValue(sizes & 3, null);
    }

    void invokeDynamic(String descriptor) {
        int sizes = Type.getArgumentsAndReturnSizes(descriptor);
        pop((sizes >> 2) - 1);
        pushValue(sizes & 3, null);
    }

    void ldc(Object value) {
        boolean wide = value instanceof Long || value instanceof Double
            || value instanceof ConstantDynamic c && Type.getType(c.getDescriptor()).getSize() == 2;
        effect(0, wide ? 2 : 1);
    }

    void jump(int opcode) {
        switch (opcode) {
            case Opcodes.GOTO -> lost();
            case Opcodes.JSR -> lost();
            case Opcodes.IFEQ, Opcodes.IFNE, Opcodes.IFLT, Opcodes.IFGE, Opcodes.IFGT, Opcodes.IFLE, Opcodes.IFNULL,
                 Opcodes.IFNONNULL -> pop(1);
            default -> pop(2); // if_icmp*, if_acmp*
        }
    }

    void switchInsn() {
        lost();
    }

    void multiANewArray(int dimensions) {
        effect(dimensions, 1);
    }

    // ---- the word stack ----

    private void effect(int popWords, int pushWords) {
        pop(popWords);
        for (int i = 0; i < pushWords; i++) {
            push(null);
        }
    }

    private void pushValue(int words, String origin) {
        for (int i = 1; i < words; i++) {
            push(null);
        }
        if (words > 0) {
            push(origin);
        }
    }

    private String top(int below) {
        int i = depth - 1 - below;
        return i >= 0 ? stack[i] : null;
    }

    private void push(String origin) {
        if (!known) {
            return;
        }
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = origin;
    }

    private void pop(int words) {
        depth = Math.max(0, depth - words);
    }

    /**
     * Replaces the top {@code taken} words by the words listed, each given by its depth below
     * the top before the instruction (0 is the top): {@code dup_x1} is {@code (2, 0, 1, 0)}.
     */
    private void reorder(int taken, int... result) {
        if (!known) {
            return;
        }
        if (depth < taken) {
            lost();
            return;
        }
        String[] before = new String[taken];
        for (int i = 0; i < taken; i++) {
            before[i] = top(i);
        }
        pop(taken);
        for (int w : result) {
            push(before[w]);
        }
    }
}

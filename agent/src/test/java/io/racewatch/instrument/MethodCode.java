package io.racewatch.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each method's modifiers, instructions and exception table as text, by name + descriptor, to
 * tell whether a rewrite changed a method. Branch targets are written as instruction positions;
 * frames, line numbers and local variable names are left out (a rewrite may re-encode them).
 */
final class MethodCode {
    private MethodCode() {
    }

    static Map<String, String> of(byte[] classFile) {
        Map<String, String> out = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new Recorder(name + descriptor, access, out);
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        return out;
    }

    private static final class Recorder extends MethodVisitor {
        private final String key;
        private final Map<String, String> out;
        private final List<Object> parts = new ArrayList<>();
        private final Map<Label, Integer> positions = new IdentityHashMap<>();
        private int instructions;

        Recorder(String key, int access, Map<String, String> out) {
            super(OpenedClassReader.ASM_API);
            this.key = key;
            this.out = out;
            parts.add("access " + access + "\n");
        }

        private void insn(Object... operands) {
            instructions++;
            for (Object o : operands) {
                parts.add(o instanceof Object[] array ? Arrays.deepToString(array) : o instanceof int[] ints ? Arrays.toString(ints) : o);
                parts.add(" ");
            }
            parts.add("\n");
        }

        @Override
        public void visitLabel(Label label) {
            positions.put(label, instructions);
        }

        @Override
        public void visitInsn(int opcode) {
            insn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            insn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            insn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            insn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            insn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            insn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
            insn("indy", name, descriptor, bsm, args);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            insn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            insn("ldc", value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            insn("iinc", var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            List<Object> operands = new ArrayList<>(List.of("tableswitch", min, max, dflt));
            operands.addAll(List.of(labels));
            insn(operands.toArray());
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            List<Object> operands = new ArrayList<>(List.of("lookupswitch", dflt, keys));
            operands.addAll(List.of(labels));
            insn(operands.toArray());
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            insn("multianewarray", descriptor, numDimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            parts.add("try ");
            parts.add(start);
            parts.add(" ");
            parts.add(end);
            parts.add(" ");
            parts.add(handler);
            parts.add(" " + type + "\n");
        }

        @Override
        public void visitEnd() {
            StringBuilder text = new StringBuilder();
            for (Object p : parts) {
                text.append(p instanceof Label l ? "@" + positions.get(l) : p);
            }
            out.put(key, text.toString());
        }
    }
}

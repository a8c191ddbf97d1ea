package io.racewatch.instrument;

import java.util.Arrays;

/**
 * The numbers a rewrite bakes into a class that only hold for the run that made it: site ids
 * ({@code Sites}) and static volatile field ids ({@code VolatileAccesses}), each pushed
 * ({@code sipush} or {@code ldc}) right before the racewatch probe call that takes it as its last
 * argument. Found by walking the rewritten class file's code (no ASM), so that a class kept from
 * an earlier run can be given this run's numbers by overwriting two bytes per push.
 */
final class ProbeConstants {
    static final byte SITE = 0;
    static final byte STATIC_FIELD = 1;
    private static final int SIPUSH = 0x11;
    private static final int LDC = 0x12;
    private static final int LDC_W = 0x13;
    private static final int INVOKESTATIC = 0xB8;
    /** The classes whose methods the rewrite calls: a program's own calls of racewatch (its API) are not probes. */
    private static final java.util.Set<String> PROBE_CLASSES = java.util.Set.of(Probes.MAP, Probes.SYNC, Probes.SCHEDULING,
        Probes.LOCK, Probes.TASK, "io/racewatch/order/OrderProbes");
    private static final String LIFECYCLE_PROBE = Boundary.LIFECYCLE_END.entry;

    /** Offset in the class file of each push instruction. */
    final int[] offsets;
    final byte[] kinds;
    final int[] values;
    /** The class has a lifecycle-end method (its rewrite registered the class with {@code Lifecycles}). */
    final boolean lifecycleEnd;

    /** As {@link #find} found them (a kept rewrite's, read back). */
    ProbeConstants(int[] offsets, byte[] kinds, int[] values, boolean lifecycleEnd) {
        this.offsets = offsets;
        this.kinds = kinds;
        this.values = values;
        this.lifecycleEnd = lifecycleEnd;
    }

    /** The probe constants of a rewritten class file; throws when it is not a well-formed one. */
    static ProbeConstants find(byte[] classFile) {
        return new Walk(classFile).run();
    }

    /**
     * Gives the push at each offset the value {@code now[i]} in place of {@code values[i]}, in
     * {@code classFile} (a copy is changed). Null when a value cannot be written where it is (an
     * {@code ldc}'s constant may be shared with the program's own, a {@code sipush} holds 16 bits).
     */
    byte[] patched(byte[] classFile, int[] now) {
        byte[] out = null;
        for (int i = 0; i < offsets.length; i++) {
            if (now[i] == values[i]) {
                continue;
            }
            int at = offsets[i];
            if ((classFile[at] & 0xFF) != SIPUSH || now[i] < Short.MIN_VALUE || now[i] > Short.MAX_VALUE) {
                return null;
            }
            if (out == null) {
                out = classFile.clone();
            }
            out[at + 1] = (byte) (now[i] >> 8);
            out[at + 2] = (byte) now[i];
        }
        return out == null ? classFile : out;
    }

    /** One pass over the constant pool (offsets), then every method's code. */
    private static final class Walk {
        private final byte[] b;
        private int[] pool;
        private int[] offsets = new int[16];
        private byte[] kinds = new byte[16];
        private int[] values = new int[16];
        private int count;
        private boolean lifecycleEnd;

        Walk(byte[] b) {
            this.b = b;
        }

        ProbeConstants run() {
            if (u4(0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            int p = constantPool();
            p += 6;
            p += 2 + 2 * u2(p); // interfaces
            p = skipMembers(p); // fields
            int methods = u2(p);
            p += 2;
            for (int m = 0; m < methods; m++) {
                int attributes = u2(p + 6);
                p += 8;
                for (int a = 0; a < attributes; a++) {
                    int length = u4(p + 2);
                    if (utf8Is(u2(p), "Code")) {
                        code(p + 6);
                    }
                    p += 6 + length;
                }
            }
            return new ProbeConstants(Arrays.copyOf(offsets, count), Arrays.copyOf(kinds, count), Arrays.copyOf(values, count),
                lifecycleEnd);
        }

        /** A Code attribute's body: max stack, max locals, code length, code. */
        private void code(int p) {
            int start = p + 8;
            int end = start + u4(p + 4);
            int previous = -1;
            for (int pc = start; pc < end; ) {
                int op = b[pc] & 0xFF;
                if (op == INVOKESTATIC) {
                    probeCall(u2(pc + 1), previous);
                }
                previous = pc;
                pc += ClassFileScan.lengthAt(b, op, pc, start);
            }
        }

        /** A static call of the method at constant {@code index}, after the instruction at {@code previous}. */
        private void probeCall(int index, int previous) {
            int ref = pool[index];
            String owner = utf8(u2(pool[u2(ref + 1)] + 1));
            if (!PROBE_CLASSES.contains(owner)) {
                return;
            }
            int nameAndType = pool[u2(ref + 3)];
            String name = utf8(u2(nameAndType + 1));
            String descriptor = utf8(u2(nameAndType + 3));
            if (name.equals(LIFECYCLE_PROBE)) {
                lifecycleEnd = true;
            }
            if (previous < 0 || !descriptor.contains("I)")) {
                return;
            }
            int op = b[previous] & 0xFF;
            int value;
            if (op == SIPUSH) {
                value = (short) u2(previous + 1);
            } else if (op == LDC || op == LDC_W) {
                int constant = pool[op == LDC ? b[previous + 1] & 0xFF : u2(previous + 1)];
                if ((b[constant] & 0xFF) != 3) { // CONSTANT_Integer
                    return;
                }
                value = u4(constant + 1);
            } else {
                return;
            }
            boolean staticField = owner.equals(Probes.SYNC) && descriptor.equals("(I)V")
                && (name.equals("volatileRead") || name.equals("volatileWrite"));
            add(previous, staticField ? STATIC_FIELD : SITE, value);
        }

        private void add(int offset, byte kind, int value) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                kinds = Arrays.copyOf(kinds, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            offsets[count] = offset;
            kinds[count] = kind;
            values[count] = value;
            count++;
        }

        private int constantPool() {
            int n = u2(8);
            pool = new int[n];
            int p = 10;
            for (int i = 1; i < n; i++) {
                pool[i] = p;
                int tag = b[p] & 0xFF;
                switch (tag) {
                    case 1 -> p += 3 + u2(p + 1);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
                    case 5, 6 -> {
                        p += 9;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> p += 3;
                    case 15 -> p += 4;
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                }
            }
            return p;
        }

        private int skipMembers(int p) {
            int n = u2(p);
            p += 2;
            for (int i = 0; i < n; i++) {
                int attributes = u2(p + 6);
                p += 8;
                for (int a = 0; a < attributes; a++) {
                    p += 6 + u4(p + 2);
                }
            }
            return p;
        }

        private boolean utf8Is(int index, String ascii) {
            int p = pool[index];
            if (u2(p + 1) != ascii.length()) {
                return false;
            }
            for (int i = 0; i < ascii.length(); i++) {
                if (b[p + 3 + i] != ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String utf8(int index) {
            int p = pool[index];
            return ModifiedUtf8.decode(b, p + 3, u2(p + 1));
        }

        private int u2(int p) {
            return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        }

        private int u4(int p) {
            return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
        }
    }
}

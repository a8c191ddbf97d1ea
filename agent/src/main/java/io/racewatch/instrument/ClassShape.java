package io.racewatch.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * What the rewrite asks about a class other than the one it rewrites: its direct supertypes and
 * its fields' names and volatility. Read from the class file's constant pool, header and field
 * table only (no method, attribute or signature is parsed), so that it is cheap to read and small
 * to keep for every class a loader has been asked about.
 */
final class ClassShape {
    private static final int ACC_VOLATILE = 0x0040;
    private static final int ACC_INTERFACE = 0x0200;

    /** The superclass, or null for {@code java/lang/Object} and for interfaces (as a type description has none). */
    final String superName;
    final String[] interfaces;
    private final String[] fields;
    private final boolean[] volatiles;

    private ClassShape(String superName, String[] interfaces, String[] fields, boolean[] volatiles) {
        this.superName = superName;
        this.interfaces = interfaces;
        this.fields = fields;
        this.volatiles = volatiles;
    }

    /**
     * Whether the field {@code name} declared here is volatile: null when none of this class's
     * fields has that name (the first one declared counts when a class file has several).
     */
    Boolean declaredVolatile(String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].equals(name)) {
                return volatiles[i];
            }
        }
        return null;
    }

    /** A shape that stands for something else (a type that could not be read): no supertype, no field. */
    static ClassShape placeholder() {
        return new ClassShape(null, new String[0], new String[0], new boolean[0]);
    }

    /** Reads a class file; throws when it is not one (then the type counts as unresolvable). */
    static ClassShape read(byte[] b) {
        return new Reader(b, null).read();
    }

    /**
     * Reads a class file from {@code in} only as far as its field table ends: the methods, most of
     * the file, are neither read nor (from a jar) inflated. The caller closes the stream.
     */
    static ClassShape read(InputStream in) throws IOException {
        return new Reader(new byte[4096], in).read();
    }

    /** One pass over the constant pool (offsets only), then the header and the field table. */
    private static final class Reader {
        private byte[] b;
        /** Where the class file comes from as it is read, or null when {@link #b} holds all of it. */
        private final InputStream in;
        private int filled;
        private int[] offsets;

        Reader(byte[] b, InputStream in) {
            this.b = b;
            this.in = in;
            this.filled = in == null ? b.length : 0;
        }

        /** Makes the first {@code end} bytes available (all of them there already when there is no stream). */
        private void need(int end) {
            if (end <= filled || in == null) {
                return;
            }
            if (end > b.length) {
                b = Arrays.copyOf(b, Math.max(end, b.length * 2));
            }
            try {
                while (filled < end) {
                    int n = in.read(b, filled, b.length - filled);
                    if (n < 0) {
                        throw new IllegalArgumentException("class file ends early");
                    }
                    filled += n;
                }
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }

        ClassShape read() {
            need(10);
            if (u4(0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            int p = constantPool();
            need(p + 8);
            int access = u2(p);
            int superIndex = u2(p + 4);
            int interfaceCount = u2(p + 6);
            p += 8;
            need(p + 2 * interfaceCount + 2);
            String[] interfaces = new String[interfaceCount];
            for (int i = 0; i < interfaceCount; i++) {
                interfaces[i] = className(u2(p));
                p += 2;
            }
            String superName = superIndex == 0 || (access & ACC_INTERFACE) != 0 ? null : className(superIndex);
            int fieldCount = u2(p);
            p += 2;
            String[] fields = new String[fieldCount];
            boolean[] volatiles = new boolean[fieldCount];
            for (int i = 0; i < fieldCount; i++) {
                need(p + 8);
                volatiles[i] = (u2(p) & ACC_VOLATILE) != 0;
                fields[i] = utf8(u2(p + 2));
                int attributes = u2(p + 6);
                p += 8;
                for (int a = 0; a < attributes; a++) {
                    need(p + 6);
                    p += 6 + u4(p + 2);
                }
            }
            return new ClassShape(superName, interfaces, fields, volatiles);
        }

        private int constantPool() {
            int count = u2(8);
            offsets = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = p;
                need(p + 3);
                int tag = b[p] & 0xFF;
                switch (tag) {
                    case 1 -> p += 3 + u2(p + 1); // Utf8
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
                    case 5, 6 -> { // Long, Double: two entries
                        p += 9;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> p += 3;
                    case 15 -> p += 4;
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                }
            }
            need(p);
            return p;
        }

        private String className(int classIndex) {
            return utf8(u2(offsets[classIndex] + 1));
        }

        private String utf8(int index) {
            int p = offsets[index];
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

package io.racewatch.instrument;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads what {@link java.io.DataOutputStream} wrote, straight from an array: a kept rewrite's
 * entry, read for every class a program loads from the cache. Not {@code DataInputStream}: its
 * {@code readUTF} alone made the JIT compile some 16 kB of machine code, two or three times, at
 * start-up; strings here go through {@link ModifiedUtf8}, which reading class files compiles anyway.
 * Past the end, or a string that does not decode, is an {@link IOException}: a damaged entry.
 */
final class EntryReader {
    private final byte[] b;
    private int p;

    EntryReader(byte[] b) {
        this.b = b;
    }

    private int need(int n) throws IOException {
        if (n < 0 || n > b.length - p) {
            throw new IOException("entry cut");
        }
        int at = p;
        p += n;
        return at;
    }

    int readInt() throws IOException {
        int at = need(4);
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    byte readByte() throws IOException {
        return b[need(1)];
    }

    /** As {@link java.io.DataOutput#writeChar} wrote it: two bytes, high first. */
    char readChar() throws IOException {
        int at = need(2);
        return (char) (((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF));
    }

    boolean readBoolean() throws IOException {
        return b[need(1)] != 0;
    }

    /** As {@link java.io.DataOutput#writeUTF} wrote it: two bytes of length, then modified UTF-8. */
    String readUTF() throws IOException {
        int at = need(2);
        int length = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        int from = need(length);
        try {
            return ModifiedUtf8.decode(b, from, length);
        } catch (RuntimeException malformed) {
            throw new IOException("not modified UTF-8", malformed);
        }
    }

    byte[] readBytes(int n) throws IOException {
        int at = need(n);
        return Arrays.copyOfRange(b, at, at + n);
    }
}

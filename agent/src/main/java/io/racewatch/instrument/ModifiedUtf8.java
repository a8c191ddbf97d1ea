package io.racewatch.instrument;

import java.nio.charset.StandardCharsets;

/** Class files' string encoding (modified UTF-8), decoded straight from the class bytes. */
final class ModifiedUtf8 {
    private ModifiedUtf8() {
    }

    /** The string at {@code from}, {@code length} bytes long; plain ASCII, by far the most common, is copied directly. */
    static String decode(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] <= 0) {
                return decodeMultiByte(b, from, length);
            }
        }
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }

    private static String decodeMultiByte(byte[] b, int from, int length) {
        char[] out = new char[length];
        int n = 0;
        int p = from;
        while (p < from + length) {
            int c = b[p++] & 0xFF;
            if (c < 0x80) {
                out[n++] = (char) c;
            } else if ((c & 0xE0) == 0xC0) {
                out[n++] = (char) (((c & 0x1F) << 6) | (b[p++] & 0x3F));
            } else {
                out[n++] = (char) (((c & 0x0F) << 12) | ((b[p++] & 0x3F) << 6) | (b[p++] & 0x3F));
            }
        }
        return new String(out, 0, n);
    }

    /**
     * Whether the string at {@code from}, {@code length} bytes long, is {@code s}: compared in place
     * when both are plain ASCII (no string made), decoded otherwise.
     */
    static boolean is(byte[] b, int from, int length, String s) {
        if (length < s.length()) {
            return false; // every character takes at least one byte
        }
        if (length == s.length()) {
            for (int i = 0; i < length; i++) {
                int c = b[from + i];
                if (c <= 0) {
                    return decode(b, from, length).equals(s);
                }
                if (c != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        return decode(b, from, length).equals(s);
    }
}

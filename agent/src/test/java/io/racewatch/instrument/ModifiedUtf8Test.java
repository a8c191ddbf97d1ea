package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A name compared in place is equal exactly when its decoded string is (the cache index's look-up). */
class ModifiedUtf8Test {
    private static final List<String> NAMES = List.of("", "a", "b", "ab", "com/example/Plain", "com/example/Plaim",
        "caf\u00e9", "cafe", "caf\u00e9s", "nul\u0000", "nul0", "\u4e2d\u6587", "emoji \ud83d\ude00", "emoji xx");

    private static byte[] encoded(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeUTF(s);
        return bytes.toByteArray(); // two bytes of length first
    }

    @Test
    void isEqualExactlyWhenTheDecodedStringIs() throws IOException {
        for (String written : NAMES) {
            byte[] b = encoded(written);
            byte[] padded = new byte[b.length + 3]; // not at the array's start
            System.arraycopy(b, 2, padded, 3, b.length - 2);
            for (String asked : NAMES) {
                assertEquals(written.equals(asked), ModifiedUtf8.is(padded, 3, b.length - 2, asked), written + " vs " + asked);
            }
        }
    }
}

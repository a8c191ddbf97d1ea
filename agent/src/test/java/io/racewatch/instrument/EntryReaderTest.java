package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kept rewrite's entry reads back what {@link DataOutputStream} wrote, and a cut one is an {@link IOException}. */
class EntryReaderTest {
    private static final List<String> STRINGS = List.of("", "com/example/Plain", "caf\u00e9/\u00fcber", "nul\u0000char",
        "\u4e2d\u6587", "emoji \ud83d\ude00 pair", "x".repeat(3000));

    private static byte[] written() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(-7);
        out.writeInt(Integer.MAX_VALUE);
        out.writeBoolean(true);
        out.writeBoolean(false);
        out.writeByte(-3);
        out.writeChar('S');
        out.writeChar('\uFFFF');
        for (String s : STRINGS) {
            out.writeUTF(s);
        }
        out.writeInt(3);
        out.write(new byte[] {1, 2, 3});
        return bytes.toByteArray();
    }

    @Test
    void readsBackWhatDataOutputWrote() throws IOException {
        EntryReader in = new EntryReader(written());
        assertEquals(-7, in.readInt());
        assertEquals(Integer.MAX_VALUE, in.readInt());
        assertTrue(in.readBoolean());
        assertFalse(in.readBoolean());
        assertEquals(-3, in.readByte());
        assertEquals('S', in.readChar());
        assertEquals('\uFFFF', in.readChar());
        for (String s : STRINGS) {
            assertEquals(s, in.readUTF());
        }
        assertArrayEquals(new byte[] {1, 2, 3}, in.readBytes(in.readInt()));
        assertThrows(IOException.class, in::readBoolean, "past the end");
    }

    @Test
    void everyCutIsAnIOException() throws IOException {
        byte[] whole = written();
        for (int length = 0; length < whole.length; length++) {
            EntryReader in = new EntryReader(Arrays.copyOf(whole, length));
            assertThrows(IOException.class, () -> {
                in.readInt();
                in.readInt();
                in.readBoolean();
                in.readBoolean();
                in.readByte();
                in.readChar();
                in.readChar();
                for (int i = 0; i < STRINGS.size(); i++) {
                    in.readUTF();
                }
                in.readBytes(in.readInt());
            }, "cut at " + length);
        }
        assertThrows(IOException.class, () -> new EntryReader(new byte[8]).readBytes(-1), "a negative length");
    }
}

package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassShapeTest {
    /** A fixture with volatile and plain fields, an interface, and methods after them. */
    @SuppressWarnings("unused")
    static class Fixture extends Thread implements Comparable<Fixture> {
        private volatile int state;
        private long plain;
        static volatile Object shared;
        String name = "x";

        @Override
        public int compareTo(Fixture o) {
            return Integer.compare(state, o.state) + (int) plain + name.length();
        }

        @Override
        public void run() {
            shared = this;
        }
    }

    @Test
    void aStreamReadStopsAfterTheFieldsAndAgreesWithTheWholeFile() throws IOException {
        for (Class<?> c : new Class<?>[] {Fixture.class, ConcurrentHashMap.class, ClassShapeTest.class}) {
            byte[] file = classFile(c);
            ClassShape whole = ClassShape.read(file);
            Trickle in = new Trickle(file);
            ClassShape streamed = ClassShape.read(in);
            assertEquals(whole.superName, streamed.superName, c.getName());
            assertArrayEquals(whole.interfaces, streamed.interfaces, c.getName());
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                assertEquals(whole.declaredVolatile(f.getName()), streamed.declaredVolatile(f.getName()), c.getName() + "." + f.getName());
            }
            assertNull(streamed.declaredVolatile("noSuchField"));
            assertTrue(in.consumed < file.length, c.getName() + ": read " + in.consumed + " of " + file.length + " bytes");
        }
        ClassShape fixture = ClassShape.read(new Trickle(classFile(Fixture.class)));
        assertEquals("java/lang/Thread", fixture.superName);
        assertEquals(Boolean.TRUE, fixture.declaredVolatile("state"));
        assertEquals(Boolean.TRUE, fixture.declaredVolatile("shared"));
        assertEquals(Boolean.FALSE, fixture.declaredVolatile("plain"));
    }

    @Test
    void aFileThatEndsInsideItsFieldsIsUnreadable() throws IOException {
        byte[] file = classFile(Fixture.class);
        int cut = file.length / 10;
        assertThrows(RuntimeException.class, () -> ClassShape.read(new ByteArrayInputStream(Arrays.copyOf(file, cut))));
        assertThrows(RuntimeException.class, () -> ClassShape.read(new ByteArrayInputStream(new byte[] {1, 2, 3})));
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Hands out at most three bytes per read, and counts what was taken. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        int consumed;

        Trickle(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return consumed < data.length ? data[consumed++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (consumed >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 3), data.length - consumed);
            System.arraycopy(data, consumed, b, off, n);
            consumed += n;
            return n;
        }
    }
}

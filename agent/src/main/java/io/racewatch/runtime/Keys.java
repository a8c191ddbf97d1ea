package io.racewatch.runtime;

import java.util.Objects;

/** Key handling that survives application keys whose equals, hashCode or toString misbehave. */
final class Keys {
    private static final int MAX_TEXT = 80;

    private Keys() {
    }

    static boolean same(Object a, Object b) {
        try {
            return Objects.equals(a, b);
        } catch (RuntimeException broken) {
            return a == b;
        }
    }

    static String describe(Object key) {
        String text;
        try {
            text = String.valueOf(key);
        } catch (RuntimeException broken) {
            text = "<" + key.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(key)) + ">";
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    }
}

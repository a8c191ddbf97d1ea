package io.racewatch.maps;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

/**
 * Keys as racewatch handles them: compared as the map compares them (hashCode and equals, never
 * under a lock of racewatch's), and described without calling their methods. A key's toString
 * is the application's code: it may throw, block, take monitors or recurse. Only JDK value
 * types, whose text is the JDK's own, are shown by value; any other key is its class and identity.
 */
final class Keys {
    private static final int MAX_TEXT = 80;

    private Keys() {
    }

    /**
     * Whether two keys are one key to a map that compares keys with {@code byValue} (equals and
     * hashCode) or, for a sorted map (which never calls them, it compares), by identity unless
     * they are JDK values.
     */
    static boolean same(Object a, Object b, boolean byValue) {
        if (byValue || a == null || isJdkValue(a.getClass())) {
            return same(a, b);
        }
        return a == b;
    }

    /** The key's hash for a map that compares keys by value or (see {@link #same(Object, Object, boolean)}) not. */
    static Integer hash(Object key, boolean byValue) {
        if (byValue || key == null || isJdkValue(key.getClass())) {
            return hash(key);
        }
        int h = System.identityHashCode(key);
        return h ^ (h >>> 16);
    }

    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        try {
            return a != null && a.equals(b);
        } catch (RuntimeException | LinkageError | StackOverflowError broken) {
            return false;
        }
    }

    /** The key's hash as the map computes it, or null when its hashCode throws. */
    static Integer hash(Object key) {
        try {
            int h = key == null ? 0 : key.hashCode();
            return h ^ (h >>> 16);
        } catch (RuntimeException | LinkageError | StackOverflowError broken) {
            return null;
        }
    }

    /** The key for a person to read, made without running any of the application's code. */
    static String describe(Object key) {
        String text;
        if (key == null) {
            text = "null";
        } else if (key instanceof Enum<?> e) {
            text = e.name(); // final in Enum
        } else if (key instanceof Class<?> c) {
            text = c.getName();
        } else if (isJdkValue(key.getClass())) {
            text = key.toString();
        } else {
            String name = key.getClass().getName();
            text = name.substring(name.lastIndexOf('.') + 1) + "@" + Integer.toHexString(System.identityHashCode(key));
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    }

    /** Final JDK classes whose toString is the JDK's and shows the value. */
    private static boolean isJdkValue(Class<?> type) {
        return type == String.class || type == Integer.class || type == Long.class || type == Short.class
            || type == Byte.class || type == Character.class || type == Boolean.class || type == Double.class
            || type == Float.class || type == UUID.class || type == BigInteger.class || type == BigDecimal.class;
    }
}

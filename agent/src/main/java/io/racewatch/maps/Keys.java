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
     * Whether two keys are one key to a map that tells keys apart by {@code match}: equals, or for
     * a sorted map (which never calls equals, it compares) identity unless they are JDK values,
     * or identity alone for an identity map.
     */
    static boolean same(Object a, Object b, KeyMatch match) {
        if (match == KeyMatch.IDENTITY) {
            return a == b;
        }
        if (match == KeyMatch.EQUALS || a == null || isJdkValue(a.getClass())) {
            return same(a, b);
        }
        return a == b;
    }

    /** What {@link #hash} returns when the key's hashCode threw: no int is. */
    static final long NO_HASH = Long.MIN_VALUE;

    /**
     * The key's hash as racewatch's key table spreads it for a map that matches keys by {@code match},
     * or {@link #NO_HASH}. A long, not a boxed Integer: no allocation per shared access.
     */
    static long hash(Object key, KeyMatch match) {
        if (match == KeyMatch.EQUALS || key == null || (match == KeyMatch.SORTED && isJdkValue(key.getClass()))) {
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

    /** The key's hash as the map computes it, or {@link #NO_HASH} when its hashCode throws. */
    static long hash(Object key) {
        try {
            int h = key == null ? 0 : key.hashCode();
            return h ^ (h >>> 16);
        } catch (RuntimeException | LinkageError | StackOverflowError broken) {
            return NO_HASH;
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
        } else if (key instanceof String s) {
            text = new String(s); // not the key itself: a weak map's key must not be kept alive by its description
        } else if (isJdkValue(key.getClass())) {
            text = key.toString();
        } else {
            String name = key.getClass().getName();
            text = name.substring(name.lastIndexOf('.') + 1) + "@" + Integer.toHexString(System.identityHashCode(key));
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    }

    /**
     * Whether racewatch may hold {@code key} strongly for a map that keeps its keys itself: a JDK value
     * (or one of the JDK's enum constants) reaches no object of the program's. Any other key may reach
     * the map it is a key of (a close hook in its owner's map of hooks, the owner holding the map):
     * racewatch finds a map's shadow through a weak hold on the map, so a key the shadow held strongly
     * would keep the map alive, and the map the key, after the program dropped both (Vert.x's
     * VertxTest#testFinalizeNetClient waits in vain for its client to be collected).
     */
    static boolean reachesNothing(Object key) {
        return key == null || isJdkValue(key.getClass()) || (key instanceof Enum<?> && key.getClass().getClassLoader() == null);
    }

    /**
     * For a boxed primitive, an equal box that is not the program's object: a new one, or one the JDK
     * keeps for good (its cache of small values, the two Booleans). Holding it keeps nothing of the
     * program's alive, so a weak map's key of that kind is kept as this copy and described only when a
     * finding asks, as any other map's key is; null for any other key.
     */
    static Object boxCopy(Object key) {
        if (key instanceof Integer i) {
            return Integer.valueOf(i.intValue());
        }
        if (key instanceof Long l) {
            return Long.valueOf(l.longValue());
        }
        if (key instanceof Short s) {
            return Short.valueOf(s.shortValue());
        }
        if (key instanceof Byte b) {
            return Byte.valueOf(b.byteValue()); // every Byte is cached
        }
        if (key instanceof Character c) {
            return Character.valueOf(c.charValue());
        }
        if (key instanceof Boolean b) {
            return Boolean.valueOf(b.booleanValue());
        }
        if (key instanceof Double d) {
            return Double.valueOf(d.doubleValue());
        }
        if (key instanceof Float f) {
            return Float.valueOf(f.floatValue());
        }
        return null;
    }

    /** Final JDK classes whose toString is the JDK's and shows the value. */
    private static boolean isJdkValue(Class<?> type) {
        return type == String.class || type == Integer.class || type == Long.class || type == Short.class
            || type == Byte.class || type == Character.class || type == Boolean.class || type == Double.class
            || type == Float.class || type == UUID.class || type == BigInteger.class || type == BigDecimal.class;
    }
}

package io.racewatch.maps;

import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

/**
 * The value a map write stored, kept so that a race can tell a duplicate computation (an equal
 * value written twice) from a lost update. Small immutable JDK values are kept as they are;
 * anything else only weakly, so that racewatch never keeps an application object alive.
 * Nothing here calls the value's own code.
 */
public final class WrittenValue {
    /** The write's value is not known (compute, merge: the function decides it after the probe). */
    public static final Object UNKNOWN = new Object();
    /** The write removed the key, or stored null. */
    public static final Object ABSENT = new Object();
    private static final int LONGEST_KEPT_STRING = 256;

    private WrittenValue() {
    }

    /** A weak hold on an application value, told apart from a {@link WeakReference} the application wrote. */
    static final class Weak extends WeakReference<Object> {
        Weak(Object referent) {
            super(referent);
        }
    }

    /** What to keep of {@code value} in a recorded access. */
    public static Object keep(Object value) {
        if (value == null) {
            return ABSENT;
        }
        if (immutableJdkLeaf(value) || value instanceof Weak) {
            return value; // a Weak: kept already (an owner's event of a weak-keyed map holds its value so)
        }
        return new Weak(value);
    }

    /** The value kept by {@link #keep}: the value, {@link #ABSENT}, {@link #UNKNOWN}, or {@link #UNKNOWN} once collected. */
    public static Object of(Object kept) {
        if (kept instanceof Weak w) {
            Object v = w.get();
            return v == null ? UNKNOWN : v;
        }
        return kept == null ? UNKNOWN : kept;
    }

    // Final JDK classes: their equals is the JDK's, and holding them keeps nothing of the application alive.
    private static boolean immutableJdkLeaf(Object v) {
        return v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
            || v instanceof Character || v instanceof Double || v instanceof Float || v instanceof UUID
            || (v instanceof String s && s.length() <= LONGEST_KEPT_STRING)
            || (v instanceof BigInteger && v.getClass() == BigInteger.class)
            || (v instanceof BigDecimal && v.getClass() == BigDecimal.class);
    }
}

package testprograms.lib;

import sun.misc.Unsafe;

/**
 * A library's cell written through {@code sun.misc.Unsafe}, as JCTools and older libraries do:
 * an ordered put or a compare-and-swap publishes, a volatile get polls. Tests exclude
 * {@code testprograms.lib.*}.
 */
public final class UnsafeCell {
    private static final Unsafe UNSAFE = UnsafeAccess.unsafe();
    private static final long VALUE;

    static {
        try {
            VALUE = UNSAFE.objectFieldOffset(UnsafeCell.class.getDeclaredField("value"));
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through UNSAFE
    private Object value;

    /** {@code putOrderedObject}: a lazy set. */
    public void publish(Object v) {
        UNSAFE.putOrderedObject(this, VALUE, v);
    }

    /** {@code compareAndSwapObject}. */
    public void claim(Object v) {
        UNSAFE.compareAndSwapObject(this, VALUE, null, v);
    }

    /** {@code getObjectVolatile} until set. */
    public void awaitSet() {
        while (UNSAFE.getObjectVolatile(this, VALUE) == null) {
            Thread.onSpinWait();
        }
    }
}

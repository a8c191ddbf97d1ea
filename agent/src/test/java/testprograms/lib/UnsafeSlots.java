package testprograms.lib;

import sun.misc.Unsafe;

/**
 * A library's ring of slots written through {@code sun.misc.Unsafe} (JCTools' element access):
 * {@code putOrderedObject} into an array element, {@code getObjectVolatile} to poll it. Tests
 * exclude {@code testprograms.lib.*}.
 */
public final class UnsafeSlots {
    private static final Unsafe UNSAFE = UnsafeAccess.unsafe();
    private static final long BASE = UNSAFE.arrayBaseOffset(Object[].class);
    private static final long SCALE = UNSAFE.arrayIndexScale(Object[].class);

    private final Object[] slots = new Object[4];

    public void fill(int i, Object v) {
        UNSAFE.putOrderedObject(slots, BASE + i * SCALE, v);
    }

    public void awaitFilled(int i) {
        while (UNSAFE.getObjectVolatile(slots, BASE + i * SCALE) == null) {
            Thread.onSpinWait();
        }
    }
}

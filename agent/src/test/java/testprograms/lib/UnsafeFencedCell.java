package testprograms.lib;

import sun.misc.Unsafe;

/**
 * A library's cell published with {@code sun.misc.Unsafe}'s fences around a plain field: a store
 * fence then a plain write, a plain read then a load fence. Tests exclude {@code testprograms.lib.*}.
 */
public final class UnsafeFencedCell {
    private static final Unsafe UNSAFE = UnsafeAccess.unsafe();
    private Object value;

    public void publish(Object v) {
        UNSAFE.storeFence();
        value = v;
    }

    public Object read() {
        Object v = value;
        UNSAFE.loadFence();
        return v;
    }

    public void awaitSet() {
        while (read() == null) {
            Thread.onSpinWait();
        }
    }
}

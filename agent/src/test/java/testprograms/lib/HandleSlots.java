package testprograms.lib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A library's slots on an array-element VarHandle: filled with {@code setRelease}, polled with
 * {@code getAcquire}, the way ring buffers publish their elements. Tests exclude
 * {@code testprograms.lib.*}.
 */
public final class HandleSlots {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] slots = new Object[4];

    public void fill(int i, Object value) {
        SLOT.setRelease(slots, i, value);
    }

    public void awaitFilled(int i) {
        while (SLOT.getAcquire(slots, i) == null) {
            Thread.onSpinWait();
        }
    }
}

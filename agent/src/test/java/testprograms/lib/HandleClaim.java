package testprograms.lib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A library's claim on a VarHandle: the owner is set by {@code compareAndSet}, read with
 * {@code getVolatile}. Tests exclude {@code testprograms.lib.*}.
 */
public final class HandleClaim {
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(HandleClaim.class, "owner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through OWNER
    private Object owner;

    public void claim(Object by) {
        OWNER.compareAndSet(this, null, by);
    }

    public void awaitClaimed() {
        while (OWNER.getVolatile(this) == null) {
            Thread.onSpinWait();
        }
    }
}

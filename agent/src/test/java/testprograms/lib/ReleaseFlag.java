package testprograms.lib;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A library's one-shot flag on a VarHandle: raised with {@code setRelease}, polled with
 * {@code getAcquire} (the pairing JCTools and Reactor use). Tests exclude {@code testprograms.lib.*}.
 */
public final class ReleaseFlag {
    private static final VarHandle RAISED;

    static {
        try {
            RAISED = MethodHandles.lookup().findVarHandle(ReleaseFlag.class, "raised", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through RAISED
    private boolean raised;

    public void raise() {
        RAISED.setRelease(this, true);
    }

    public void awaitRaised() {
        while (!(boolean) RAISED.getAcquire(this)) {
            Thread.onSpinWait();
        }
    }
}

package testprograms;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces an interleaving without telling the agent: it waits on a field of its own written and
 * read in VarHandle's opaque mode, which racewatch never takes for an edge (it orders volatile,
 * release and acquire accesses, wherever they are made), with fences around it that give the
 * hardware ordering racewatch does not model. Never through a JDK synchronizer, whose edges
 * racewatch sees wherever they are made. (Tests still exclude {@code testprograms.Handoff*}.)
 */
public final class Handoff {
    private static final VarHandle SIGNALLED;

    static {
        try {
            SIGNALLED = MethodHandles.lookup().findVarHandle(Handoff.class, "signalled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through SIGNALLED
    private boolean signalled;

    public void signal() {
        VarHandle.releaseFence();
        SIGNALLED.setOpaque(this, true);
    }

    public void await() {
        while (!(boolean) SIGNALLED.getOpaque(this)) {
            LockSupport.parkNanos(100_000L); // no edge: park orders nothing
        }
        VarHandle.acquireFence();
    }
}

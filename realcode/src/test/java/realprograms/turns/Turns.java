package realprograms.turns;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Forces two threads' turns without telling the agent: it waits on a field of its own
 * read and written in VarHandle's opaque mode, which racewatch never takes for an edge (it orders
 * volatile, release and acquire accesses wherever they are made), with fences around it for the
 * hardware ordering racewatch does not model; its VarHandle calls are linked when it is made.
 * Parking orders nothing. The interleaving it forces is one a real run may or may not take;
 * racewatch must judge the code, not the luck.
 */
public final class Turns {
    private static final VarHandle PASSED;

    static {
        try {
            PASSED = MethodHandles.lookup().findVarHandle(Turns.class, "passed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through PASSED
    private boolean passed;

    public Turns() {
        PASSED.setOpaque(this, (boolean) PASSED.getOpaque(this)); // links both calls here
    }

    public void pass() {
        VarHandle.releaseFence();
        PASSED.setOpaque(this, true);
    }

    public void await() {
        while (!(boolean) PASSED.getOpaque(this)) {
            LockSupport.parkNanos(100_000L);
        }
        VarHandle.acquireFence();
    }
}

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
 * With the system property {@code testprograms.handoff=visible} it uses volatile accesses
 * instead, which racewatch sees: the same program, ordered.
 */
public final class Handoff {
    private static final VarHandle SIGNALLED;
    private static final boolean VISIBLE = "visible".equals(System.getProperty("testprograms.handoff"));

    static {
        try {
            SIGNALLED = MethodHandles.lookup().findVarHandle(Handoff.class, "signalled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through SIGNALLED
    private boolean signalled;

    /**
     * Links the two VarHandle calls here, on the thread that makes the signal (before it starts
     * the threads that use it): linked on first use in those threads, they would fill and read the
     * JDK's shared caches of method types and forms, whose maps order the threads for racewatch as
     * they do in the Java memory model, and the turns would no longer be hidden.
     */
    public Handoff() {
        write(read());
    }

    public void signal() {
        VarHandle.releaseFence();
        write(true);
    }

    public void await() {
        while (!read()) {
            LockSupport.parkNanos(100_000L); // no edge: park orders nothing
        }
        VarHandle.acquireFence();
    }

    private boolean read() {
        return VISIBLE ? (boolean) SIGNALLED.getVolatile(this) : (boolean) SIGNALLED.getOpaque(this);
    }

    private void write(boolean value) {
        if (VISIBLE) {
            SIGNALLED.setVolatile(this, value);
        } else {
            SIGNALLED.setOpaque(this, value);
        }
    }
}

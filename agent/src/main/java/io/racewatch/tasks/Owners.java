package io.racewatch.tasks;

import io.racewatch.runtime.Faults;
import io.racewatch.runtime.ThreadState;

/**
 * Public API for the owners of scheduled work. racewatch takes the owner of a task to be the
 * object whose method scheduled it ({@code this}); code that schedules from a static method or
 * on behalf of another object names the owner here:
 *
 * <pre>{@code
 * static ScheduledFuture<?> startHeartbeat(Connection c, ScheduledExecutorService s) {
 *     try (Owners.Scope scope = Owners.scheduledFor(c)) {
 *         return s.scheduleAtFixedRate(c::ping, 1, 1, TimeUnit.SECONDS);
 *     }
 * }
 * }</pre>
 *
 * <p>Compile against the agent jar (Maven scope {@code provided} or {@code test}); at run time
 * the class comes from the agent. Without the agent started, every method does nothing.
 */
public final class Owners {
    private static final Scope NONE = () -> { };

    private Owners() {
    }

    /** Undoes {@link #scheduledFor}; closing it twice does nothing more. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Until the returned scope is closed, work this thread schedules (executors, timers, timeouts,
     * background tasks) is owned by {@code owner}: its lifecycle end must cancel it. Scopes nest.
     */
    public static Scope scheduledFor(Object owner) {
        ThreadState ts = ThreadState.enter();
        if (ts == null || owner == null) {
            return NONE;
        }
        try {
            Object outer = ts.scopeOwner;
            ts.scopeOwner = owner;
            return new Restore(ts, owner, outer);
        } finally {
            ts.exit();
        }
    }

    /**
     * Checks now, rather than at the next run or at exit, for owners that have been collected
     * while a periodic task they scheduled is still scheduled (findings of kind
     * {@code timer-outlives-owner}).
     */
    public static void sweep() {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return;
        }
        try {
            ScheduledTasks.sweep();
        } catch (Throwable failure) {
            Faults.report("owner sweep", failure);
        } finally {
            ts.exit();
        }
    }

    private static final class Restore implements Scope {
        private final ThreadState ts;
        private final Object owner;
        private final Object outer;
        private boolean closed;

        Restore(ThreadState ts, Object owner, Object outer) {
            this.ts = ts;
            this.owner = owner;
            this.outer = outer;
        }

        @Override
        public void close() {
            // Scopes are closed on the thread that opened them (try-with-resources); only that thread's state changes.
            if (!closed && ts.scopeOwner == owner) {
                ts.scopeOwner = outer;
            }
            closed = true;
        }
    }
}

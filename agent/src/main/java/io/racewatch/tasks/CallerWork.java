package io.racewatch.tasks;

import io.racewatch.runtime.Own;

import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Work an executor hands on for its callers, as opposed to its own housekeeping. An owner that is
 * itself an {@link Executor} (an {@code ExecutorService}, or a facade with a {@code shutdown()} such
 * as Netty's tests' {@code DelayingExecutor}) schedules two kinds of work: the work its callers gave
 * it (scheduled while one of its executor methods, {@code execute}, {@code submit}, ..., runs on the
 * scheduling thread, perhaps through a helper of its own: Hazelcast's
 * {@code CachedExecutorServiceDelegate.execute} starts a worker in {@code addNewWorkerIfRequired}),
 * and work of its own (a reaper, a timer it arms from its constructor). {@code shutdown()}'s
 * contract is that the first kind still runs ({@link ShutdownDrains}); the second is the executor's
 * to stop, like any owner's.
 *
 * <p>Told per site, from a walk of the scheduling thread's stack: a site's code path repeats, so
 * its first walks settle it. A site found in a caller's hand-off once is one for good (its other
 * paths go unchecked: a missed housekeeping task, never a finding invented); a site whose first
 * {@link #WALKS} walks found none is the executor's own. Only owners that are executors with a
 * lifecycle end walk, and only for one-shot work: everyone else's scheduling pays an
 * {@code instanceof}.
 */
final class CallerWork {
    /** Walks per site before it is taken as never handing on a caller's work. */
    static final int WALKS = 16;
    private static final Set<String> EXECUTOR_METHODS = Set.of("execute", "submit", "invokeAll", "invokeAny",
        "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");
    private static final StackWalker WALKER =
        StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 32);
    /** By site: 1, a caller's hand-off seen there; 0 or less, minus the walks that saw none. */
    private static volatile int[] bySite = new int[256];

    private CallerWork() {
    }

    /**
     * True when {@code owner}, an executor, is handing on a caller's work at {@code site}: the
     * exemption of {@link ShutdownDrains} applies to it.
     */
    static boolean handedOn(Object owner, int site) {
        int[] known = bySite;
        if (site < 0) {
            return walk(owner);
        }
        if (site >= known.length) {
            known = grow(site);
        }
        int seen = known[site];
        if (seen > 0) {
            return true;
        }
        if (-seen >= WALKS) {
            return false;
        }
        boolean handedOn = walk(owner);
        known[site] = handedOn ? 1 : seen - 1; // plain: a lost update walks once more, or once less
        return handedOn;
    }

    private static synchronized int[] grow(int site) {
        if (site >= bySite.length) {
            bySite = java.util.Arrays.copyOf(bySite, Math.max(site + 1, bySite.length * 2));
        }
        return bySite;
    }

    /** Whether an executor method of {@code owner}'s class (or of a supertype it has) is on this thread's stack. */
    private static boolean walk(Object owner) {
        return WALKER.walk(frames -> frames.anyMatch(f -> {
            Class<?> c = f.getDeclaringClass();
            return EXECUTOR_METHODS.contains(f.getMethodName()) && c.isInstance(owner)
                && !(c.getClassLoader() == null && Own.isAgentClass(c.getName()));
        }));
    }
}

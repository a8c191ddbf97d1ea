package io.racewatch.tasks;

/**
 * The end of an owner's life: the return of its outermost lifecycle-end method.
 *
 * @param seq    position among scheduling events (see {@link ScheduledTasks#nextSeq()})
 * @param thread name of the thread that closed it
 * @param tid    clock slot of that thread
 * @param site   the lifecycle method's site
 * @param op     the lifecycle method's name ({@code close}, {@code stop}, ...)
 * @param stack  the stack at close, or null when none was kept
 * @param heldBy when the owner is a helper closed with the object holding it, that holder; else null
 */
public record Closed(long seq, String thread, int tid, int site, String op, String[] stack, HeldBy heldBy) {
    /** The close of an owner by its own lifecycle-end method. */
    public Closed(long seq, String thread, int tid, int site, String op, String[] stack) {
        this(seq, thread, tid, site, op, stack, null);
    }

    /** This close, charged to a helper that {@code holder} holds. */
    Closed forHelper(HeldBy holder) {
        return new Closed(seq, thread, tid, site, op, stack, holder);
    }
}

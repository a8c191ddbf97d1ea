package io.racewatch.maps;

import io.racewatch.runtime.Sites;

/**
 * One recorded map access: who, what, where, and the thread's happens-before clock at that
 * moment. {@code vc} is the thread's copy-on-write clock array, shared, never mutated.
 *
 * <p>Not a record: a thread that repeats its own last access of a key at the same site, with no
 * other thread's access of the key in between (a loop on one key), renews that access in place
 * ({@link #renew}) instead of allocating another. Only its clock, clock array, number and value
 * change then, under the key's lock; who, what and where never do, so the racy readers of an
 * open read ({@link KeyState#openReadOf}, {@link KeyState#checkedByAnother}) read those safely.
 * Whatever keeps an access past the key's lock keeps a {@link #copy()} ({@link MapRace}, {@link Rmw}).
 */
public final class MapAccess implements Event {
    private final int tid;
    private final String thread;
    private final byte op;
    private final int site;
    private int clock;
    private int[] vc;
    private long seq;
    private final long outerLock;
    private final long innerLock;
    private Object value;
    private final String[] stack;
    /** Where this access went in its key's history ({@link History#append}), to tell whether it is still there. */
    long historyAt = -1;

    /**
     * @param tid        clock slot of the accessing thread
     * @param thread     thread name at the time of the access
     * @param op         a {@link MapOps} constant
     * @param site       call-site id, see {@link Sites}
     * @param clock      the thread's own clock entry
     * @param vc         the thread's knowledge of other threads' clocks
     * @param seq        order of the access within its map (0 while the map had a single user)
     * @param outerLock  acquisition id of the outermost lock held, 0 if none
     * @param innerLock  acquisition id of the innermost lock held, 0 if none
     * @param value      for a write, what it stored, as {@link WrittenValue#keep} keeps it; for a read,
     *                   {@link WrittenValue#ABSENT} when it found the key absent; {@link WrittenValue#UNKNOWN} otherwise
     * @param stack      the access's own call path, captured when it was made (see {@link MapShadow}), or null when
     *                   only the first stack of its thread at its site is known
     */
    public MapAccess(int tid, String thread, byte op, int site, int clock, int[] vc, long seq,
                     long outerLock, long innerLock, Object value, String[] stack) {
        this.tid = tid;
        this.thread = thread;
        this.op = op;
        this.site = site;
        this.clock = clock;
        this.vc = vc;
        this.seq = seq;
        this.outerLock = outerLock;
        this.innerLock = innerLock;
        this.value = value;
        this.stack = stack;
    }

    /** An access whose value is not known (a read, a map-wide write). */
    public MapAccess(int tid, String thread, byte op, int site, int clock, int[] vc, long seq, long outerLock, long innerLock) {
        this(tid, thread, op, site, clock, vc, seq, outerLock, innerLock, WrittenValue.UNKNOWN, null);
    }

    /** An access whose own call path was not captured. */
    public MapAccess(int tid, String thread, byte op, int site, int clock, int[] vc, long seq, long outerLock, long innerLock,
                     Object value) {
        this(tid, thread, op, site, clock, vc, seq, outerLock, innerLock, value, null);
    }

    /** This access made again now by the same thread at the same site: its clock, number and value; under the key's lock. */
    void renew(int clock, int[] vc, long seq, Object value) {
        this.clock = clock;
        this.seq = seq;
        // A reference stored into this long-lived object costs a GC write barrier (with G1, a fence
        // when it crosses regions): in a loop the clock array and often the value are those already here.
        if (this.vc != vc) {
            this.vc = vc;
        }
        if (this.value != value) {
            this.value = value;
        }
    }

    /** A copy that no later {@link #renew} changes. */
    public MapAccess copy() {
        return new MapAccess(tid, thread, op, site, clock, vc, seq, outerLock, innerLock, value, stack);
    }

    /** {@link #copy()} into an access of the same thread kept elsewhere ({@link Rmw}); under the key's lock. */
    static MapAccess copyInto(MapAccess into, MapAccess from) {
        if (into == null || into.tid != from.tid || into.site != from.site || into.op != from.op || into.thread != from.thread
            || into.outerLock != from.outerLock || into.innerLock != from.innerLock || into.stack != from.stack) {
            return from.copy();
        }
        into.renew(from.clock, from.vc, from.seq, from.value);
        return into;
    }

    @Override
    public int tid() {
        return tid;
    }

    public String thread() {
        return thread;
    }

    public byte op() {
        return op;
    }

    public int site() {
        return site;
    }

    public int clock() {
        return clock;
    }

    public int[] vc() {
        return vc;
    }

    @Override
    public long seq() {
        return seq;
    }

    public long outerLock() {
        return outerLock;
    }

    public long innerLock() {
        return innerLock;
    }

    public Object value() {
        return value;
    }

    public String[] stack() {
        return stack;
    }

    @Override
    public String toString() {
        return "MapAccess[tid=" + tid + ", thread=" + thread + ", op=" + MapOps.name(op) + ", site=" + site + ", clock=" + clock
            + ", seq=" + seq + "]";
    }
}

package io.racewatch.maps;

import io.racewatch.runtime.Sites;

import java.util.Arrays;

/**
 * One recorded map access: who, what, where, and the thread's happens-before clock at that
 * moment. {@code vc} is the thread's copy-on-write clock array, shared, never mutated.
 *
 * <p>Who and where ({@link #tid}, {@link #thread}, {@link #site}) never change. The rest is
 * rewritten in place when the same thread repeats its access of a shared key at the same site
 * and nothing refers to this record any more (see {@link KeyState#spare}): a loop on a key then
 * allocates nothing. That happens only under the key's lock, within one run of accesses by that
 * thread, and never to a record that entered a race ({@link #pin}).
 */
public final class MapAccess implements Event {
    private final int tid;
    private final String thread;
    private final int site;
    private byte op;
    private int clock;
    private int[] vc;
    private long seq;
    private long outerLock;
    private long innerLock;
    private Object value;
    private String[] stack;
    /** Part of a race: never rewritten (set and read under the key's lock). */
    private boolean pinned;

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
        this.site = site;
        repeat(op, clock, vc, seq, outerLock, innerLock, value, stack);
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

    /** Rewrites this record with the thread's next access at the same site; under the key's lock. */
    void repeat(byte op, int clock, int[] vc, long seq, long outerLock, long innerLock, Object value, String[] stack) {
        this.op = op;
        this.clock = clock;
        this.vc = vc;
        this.seq = seq;
        this.outerLock = outerLock;
        this.innerLock = innerLock;
        this.value = value;
        this.stack = stack;
    }

    /** Marks this record as part of a race: it is never rewritten after. */
    void pin() {
        pinned = true;
    }

    boolean pinned() {
        return pinned;
    }

    /** Clock slot of the accessing thread. */
    @Override
    public int tid() {
        return tid;
    }

    /** Thread name at the time of the access. */
    public String thread() {
        return thread;
    }

    /** A {@link MapOps} constant. */
    public byte op() {
        return op;
    }

    /** Call-site id, see {@link Sites}. */
    public int site() {
        return site;
    }

    /** The thread's own clock entry. */
    public int clock() {
        return clock;
    }

    /** The thread's knowledge of other threads' clocks (shared, never mutated). */
    public int[] vc() {
        return vc;
    }

    /** Order of the access within its key (or map, for a corruptible one). */
    @Override
    public long seq() {
        return seq;
    }

    /** Acquisition id of the outermost lock held, 0 if none. */
    public long outerLock() {
        return outerLock;
    }

    /** Acquisition id of the innermost lock held, 0 if none. */
    public long innerLock() {
        return innerLock;
    }

    /** What a write stored, or whether a read found the key (see the constructor). */
    public Object value() {
        return value;
    }

    /** The access's own call path, or null. */
    public String[] stack() {
        return stack;
    }

    @Override
    public String toString() {
        return "MapAccess[tid=" + tid + ", thread=" + thread + ", op=" + MapOps.name(op) + ", site=" + site + ", clock=" + clock
            + ", vc=" + Arrays.toString(vc) + ", seq=" + seq + "]";
    }
}

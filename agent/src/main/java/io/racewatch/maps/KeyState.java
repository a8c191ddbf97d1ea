package io.racewatch.maps;

import io.racewatch.order.SyncVar;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;

import java.util.List;

/** Shared-mode state of one key of one map: its history, open reads, recent writes and read-modify-writes. */
public final class KeyState {
    private static final int THREADS = 4;

    public final String keyText;
    private long seq;
    private final History history = new History(Tracking.historySize);
    private final RecentByThread<MapAccess> openReads = new RecentByThread<>(THREADS);
    private final RecentByThread<MapAccess> writes = new RecentByThread<>(THREADS);
    private final RecentByThread<Rmw> rmws = new RecentByThread<>(THREADS);
    /** Happens-before carried by a thread-safe map between a write of this key and a later read. */
    final SyncVar sync = new SyncVar();
    /**
     * The key's last access by any thread, and its last read and last write: what a thread's next
     * access here compares itself with to reuse a call path (see {@link #repeatedPath}). Written
     * under the key's lock, read without it, plain: a stale value only costs one stack walk, and an
     * access (a record, final fields) is safely seen whole.
     */
    private MapAccess last;
    private MapAccess lastRead;
    private MapAccess lastWrite;
    /** Number of the first access of the latest run of accesses by one thread (the last hand-over of the key). */
    private long runFrom;
    /**
     * The Java thread id (never reused, unlike a clock slot) of a thread that already knows
     * everything released into {@link #sync}: it joined the var, and since then only it released
     * into it. Its next acquisition would learn nothing and is skipped (a loop's get after its own
     * put). Under the key's lock, as the var itself; -1 when no thread is known to.
     */
    private long syncKnownBy = -1;
    /** Some thread made a read-modify-write of this key (plain: set once, read racily). */
    private boolean hadRmw;
    /**
     * Records of the thread whose run of accesses this is, that no check refers to any more (no
     * open read, no latest write, no read-modify-write, no race): its next read or write at the
     * same site rewrites one of them instead of allocating (see {@link #spare}). A loop on one key
     * alternates two of each. Under the key's lock.
     */
    private MapAccess spareRead;
    private MapAccess spareWrite;
    private Rmw spareRmw;
    /** Records the access being made displaced from a role; sorted out by {@link #settle} at its end. */
    private MapAccess freed0;
    private MapAccess freed1;
    private MapAccess freed2;
    private MapAccess freed3;
    private Rmw freedRmw;

    KeyState(String keyText) {
        this.keyText = keyText;
    }

    /** Joins the key's var into the thread's clock (a read of a thread-safe map); under the key's lock. */
    void acquire(ThreadState ts, long javaTid) {
        if (syncKnownBy != javaTid) {
            sync.acquireExclusive(ts);
            syncKnownBy = javaTid;
        }
    }

    /** Publishes the thread's clock into the key's var (a write of a thread-safe map); under the key's lock. */
    void release(ThreadState ts, long javaTid) {
        sync.releaseExclusive(ts);
        if (syncKnownBy != javaTid) {
            syncKnownBy = -1; // the var now holds this thread's clock, which another thread does not know
        }
    }

    void append(MapAccess a) {
        append(a, false);
    }

    /** Appends an access; {@code rewritten} when it is a record taken from {@link #spare}, which may still be in the history. */
    void append(MapAccess a, boolean rewritten) {
        if (rewritten) {
            history.appendAgain(a);
        } else {
            history.append(a);
        }
        MapAccess before = last;
        if (before == null || before.tid() != a.tid() || !before.thread().equals(a.thread())) {
            runFrom = a.seq();
        }
        last = a;
        if (MapOps.isRead(a.op())) {
            lastRead = a;
        } else {
            lastWrite = a;
        }
    }

    /**
     * The call path of this thread's previous read (or write) of this key at {@code site}, when
     * no other thread has touched the key since: the access about to be made repeats it (a loop
     * working on one key), so it keeps that path without a stack walk. Null otherwise: the key
     * changed hands, the thread comes from another site, or the previous access kept no path.
     */
    String[] repeatedPath(int tid, String thread, int site, boolean read) {
        MapAccess previous = last;
        if (previous == null || previous.tid() != tid || !previous.thread().equals(thread)) {
            return null;
        }
        MapAccess same = read ? lastRead : lastWrite;
        if (same == null || same.seq() < runFrom || same.tid() != tid || same.site() != site || !same.thread().equals(thread)) {
            return null; // not the thread's own run of accesses: another thread's came in between
        }
        return same.stack();
    }

    public List<MapAccess> history() {
        return history.snapshot();
    }

    void openRead(MapAccess read) {
        MapAccess before = openReads.put(read);
        if (before != read) {
            freed(before);
        }
    }

    /** The thread's read not yet followed by a write of this key, removed; null if none. */
    public MapAccess takeOpenRead(int tid) {
        MapAccess read = openReads.take(tid);
        freed(read);
        return read;
    }

    /** The thread's read not yet followed by a write of this key, left open; null if none (racy without the key's lock). */
    MapAccess openReadOf(int tid) {
        return openReads.peek(tid);
    }

    /** Reads not yet followed by a write, by any thread (at most one each). */
    public RecentByThread<MapAccess> openReads() {
        return openReads;
    }

    /** The next number in this key's order; called under the key's lock. */
    long nextSeq() {
        return ++seq;
    }

    void addWrite(MapAccess write) {
        MapAccess before = writes.put(write);
        if (before != write) {
            freed(before);
        }
    }

    public RecentByThread<MapAccess> writes() {
        return writes;
    }

    public void addRmw(Rmw rmw) {
        Rmw before = rmws.put(rmw);
        if (before != null && before != rmw) {
            freed(before.read());
            freed(before.write());
            freedRmw = before;
        }
        if (!hadRmw) {
            hadRmw = true;
        }
    }

    /** Adds the read-modify-write of {@code read} and {@code write}, reusing the spare one of exactly those records. */
    public void addRmw(MapAccess read, MapAccess write) {
        Rmw spare = spareRmw;
        if (spare != null && spare.read() == read && spare.write() == write) {
            spareRmw = null;
            addRmw(spare);
        } else {
            addRmw(new Rmw(read, write));
        }
    }

    // ---- records rewritten in place (no allocation on a thread's loop on one key) ----

    /**
     * A record of this thread's to rewrite with its access at {@code site} (a read, or a write),
     * taken from the spares; null when there is none: the key's last access was another thread's
     * (the run ended, and the other thread may have seen the record), the spare is from an earlier
     * run, another site or thread name, or it entered a race. Under the key's lock.
     */
    MapAccess spare(int tid, String thread, int site, boolean read) {
        MapAccess s = read ? spareRead : spareWrite;
        MapAccess before = last;
        if (s == null || before == null || before.tid() != tid || s.tid() != tid || s.site() != site || s.seq() < runFrom
            || s.pinned() || !before.thread().equals(thread) || !s.thread().equals(thread)) {
            return null;
        }
        if (read) {
            spareRead = null;
        } else {
            spareWrite = null;
        }
        return s;
    }

    private void freed(MapAccess a) {
        if (a == null) {
            return;
        }
        if (freed0 == null) {
            freed0 = a;
        } else if (freed1 == null) {
            freed1 = a;
        } else if (freed2 == null) {
            freed2 = a;
        } else if (freed3 == null) {
            freed3 = a;
        } // more than an access displaces: not kept, allocated afresh next time
    }

    /**
     * At the end of thread {@code tid}'s access, under the key's lock: the records it displaced
     * that no role refers to any more become its spares; spares of any other thread are dropped.
     */
    void settle(int tid) {
        if (spareRead != null && spareRead.tid() != tid) {
            spareRead = null;
        }
        if (spareWrite != null && spareWrite.tid() != tid) {
            spareWrite = null;
        }
        if (spareRmw != null && spareRmw.tid() != tid) {
            spareRmw = null;
        }
        if (freed0 == null) {
            return;
        }
        spare(freed0, tid);
        spare(freed1, tid);
        spare(freed2, tid);
        spare(freed3, tid);
        freed0 = freed1 = freed2 = freed3 = null;
        Rmw r = freedRmw;
        freedRmw = null;
        if (r != null && r.tid() == tid && rmws.peek(tid) != r) {
            spareRmw = r;
        }
    }

    private void spare(MapAccess a, int tid) {
        if (a == null || a.tid() != tid || a.pinned() || referenced(a)) {
            return;
        }
        if (MapOps.isRead(a.op())) {
            spareRead = a;
        } else {
            spareWrite = a;
        }
    }

    /** Whether a check still refers to the record: its thread's open read, latest write or read-modify-write. */
    private boolean referenced(MapAccess a) {
        int tid = a.tid();
        if (openReads.peek(tid) == a || writes.peek(tid) == a) {
            return true;
        }
        Rmw rmw = rmws.peek(tid);
        return rmw != null && (rmw.read() == a || rmw.write() == a);
    }

    /**
     * True when a write of this key by thread {@code tid} may end up in a read-modify-write finding
     * of another thread: the key has had a read-modify-write, or another thread's read of it is
     * open at a site that has been the check of one. Read without the key's lock: a stale answer
     * costs a stack walk, or leaves one write with its thread's first stack at its site.
     */
    boolean checkedByAnother(int tid) {
        if (hadRmw) {
            return true;
        }
        for (int i = 0; i < openReads.size(); i++) {
            MapAccess read = openReads.get(i);
            if (read != null && read.tid() != tid && Sites.get(read.site()).isCheck()) {
                return true;
            }
        }
        return false;
    }

    public RecentByThread<Rmw> rmws() {
        return rmws;
    }
}

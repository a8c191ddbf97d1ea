package io.racewatch.maps;

import io.racewatch.order.SyncVar;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;

import java.util.ArrayList;
import java.util.List;

/** Shared-mode state of one key of one map: its history, open reads, recent writes and read-modify-writes. */
public final class KeyState {
    private static final int THREADS = 4;

    /** What {@link #rmws()} shows for a key that has had no read-modify-write (most keys): never written. */
    private static final RecentByThread<Rmw> NO_RMWS = new RecentByThread<>(0);
    /** What {@link #writes()} shows for a key not yet written while shared. */
    private static final RecentByThread<MapAccess> NO_WRITES = new RecentByThread<>(0);
    /** What {@link #openReads()} shows for a key not yet read while shared (a cache's computeIfAbsent only writes). */
    private static final RecentByThread<MapAccess> NO_OPEN_READS = new RecentByThread<>(0);

    /**
     * The key, kept to be described when a finding needs it ({@link #keyText()}): a cache's map
     * makes a state for each key it sees past the key cap, and most are never part of a finding.
     * Null for a weak map's key, described at once and never kept; a copy of a weak map's boxed primitive
     * ({@link Keys#boxCopy}), never the program's object.
     */
    private final Object key;
    private String keyText;
    private long seq;
    /**
     * The key's last events, made with its second: until then its one event is {@link #last}. Past the
     * key cap a cache's map makes a state on most accesses and most keys get no second one, so the
     * ring (a third of what a new key's first read allocated) is made only for keys that do. Under the
     * key's lock.
     */
    private History history;
    /**
     * Made with the key's first read; under the key's lock. Read without it by {@link #openReadOf} and
     * {@link #checkedByAnother}: a stale value is the empty one, which only misses a read, as before.
     */
    private RecentByThread<MapAccess> openReads = NO_OPEN_READS;
    /** Made with the key's first write (a cache's keys are mostly only read); under the key's lock. */
    private RecentByThread<MapAccess> writes = NO_WRITES;
    /** Made with the key's first read-modify-write; under the key's lock. */
    private RecentByThread<Rmw> rmws = NO_RMWS;
    /**
     * Happens-before carried by a thread-safe map between a write of this key and a later read;
     * made at the first such write, under the key's lock (a map that is not thread-safe never needs one).
     */
    private SyncVar sync;
    /**
     * Before {@link #sync} is made: the key's only releaser so far and its clock array and own entry
     * at its last release, as a var's sole releaser is kept ({@link SyncVar#releasedEarlier}). The
     * var is made when another thread acquires or releases: a cache's map past the key cap makes a
     * state on most accesses, and most of those keys are written once and forgotten, never read
     * again. Under the key's lock.
     */
    private ThreadState releasedBy;
    private int[] releasedClock;
    private int releasedOwn;
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

    /** A key's state with its description made now. */
    KeyState(String keyText) {
        this(null, keyText);
    }

    private KeyState(Object key, String keyText) {
        this.key = key;
        this.keyText = keyText;
    }

    /**
     * The state of a key seen for the first time: a weak map's key is described now (racewatch
     * must not keep it), any other is kept (the key table holds it anyway) and described only when
     * a finding asks ({@link Keys#describe} runs none of the application's code, so it may run then).
     */
    static KeyState of(Object key, boolean weakKeys) {
        if (weakKeys || !Keys.reachesNothing(key)) { // a key that may reach its map is never held (see Keys.reachesNothing)
            // A boxed primitive is held as a copy (no object of the program's), described when asked, as
            // below: a cache's map of a library's class (held weakly) makes a state for most accesses past the cap.
            Object copy = Keys.boxCopy(key);
            return copy != null ? new KeyState(copy, null) : new KeyState(Keys.describe(key));
        }
        return new KeyState(key, null);
    }

    /** The key this state was made for (for a weak map's: null, or a copy of a boxed primitive; see {@link #key}). */
    Object key() {
        return key;
    }

    /** The key for a person to read. Under the key's lock, or racy: two descriptions of one key are equal. */
    public String keyText() {
        String text = keyText;
        if (text == null) {
            text = Keys.describe(key);
            keyText = text;
        }
        return text;
    }

    /** Joins the key's var into the thread's clock (a read of a thread-safe map); under the key's lock. */
    void acquire(ThreadState ts, long javaTid) {
        if (syncKnownBy != javaTid) {
            if (sync != null) {
                sync.acquireExclusive(ts);
            } else if (releasedBy != null && releasedBy != ts) { // none: nothing released; its releaser's own: nothing new
                var().acquireExclusive(ts);
            }
            syncKnownBy = javaTid;
        }
    }

    /** Publishes the thread's clock into the key's var (a write of a thread-safe map); under the key's lock. */
    void release(ThreadState ts, long javaTid) {
        if (sync != null) {
            sync.releaseExclusive(ts);
        } else if (releasedBy == null || releasedBy == ts) {
            // As a var's sole releaser's release (SyncVar.releaseAlone): the clock kept, then the thread's own entry advanced.
            // Reference stores only when they change (see MapAccess.renew): a loop's releases keep one clock array.
            releasedOwn = ts.own;
            if (releasedClock != ts.vcNow()) {
                releasedClock = ts.vc();
            }
            if (releasedBy != ts) {
                releasedBy = ts;
            }
            ts.tick();
        } else {
            var().releaseExclusive(ts);
        }
        if (syncKnownBy != javaTid) {
            syncKnownBy = -1; // the var now holds this thread's clock, which another thread does not know
        }
    }

    /** The key's var, made now from the release kept so far; under the key's lock. */
    private SyncVar var() {
        if (sync == null) {
            sync = SyncVar.releasedEarlier(releasedBy, releasedClock, releasedOwn);
            releasedBy = null;
            releasedClock = null;
        }
        return sync;
    }

    void append(MapAccess a) {
        MapAccess before = last;
        if (before != null) {
            ring(before).append(a);
        }
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
     * This thread's last read (or write, as {@code op} is) of this key, when the access about to be
     * made repeats it: the same thread, site and operation, the same call path kept, no lock held
     * then, and no other thread's access of the key since (a loop on one key). It is then renewed in
     * place ({@link #appendRenewed}) rather than made again. Null otherwise; under the key's lock.
     */
    MapAccess repeatable(int tid, String thread, int site, byte op, String[] stack) {
        MapAccess previous = last;
        if (previous == null || previous.tid() != tid) {
            return null;
        }
        MapAccess same = MapOps.isRead(op) ? lastRead : lastWrite;
        if (same == null || same.seq() < runFrom || same.tid() != tid || same.site() != site || same.op() != op
            || same.stack() != stack || same.outerLock() != 0 || same.innerLock() != 0
            || !same.thread().equals(thread) || !previous.thread().equals(thread)) {
            return null;
        }
        return same;
    }

    /** {@link #append} for an access renewed in place: it enters the history again only if it scrolled out. */
    void appendRenewed(MapAccess a) {
        History h = history;
        // Without a ring the key's one event is last, and a renewal renews that one: it is held already.
        if (h == null ? a != last : !h.holds(a)) {
            ring(last).append(a);
        }
        if (last != a) {
            last = a;
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
        History h = history;
        if (h != null) {
            return h.snapshot();
        }
        List<MapAccess> one = new ArrayList<>(1);
        if (last != null) {
            one.add(last.copy()); // a copy, as a snapshot keeps: later renewals do not change it
        }
        return one;
    }

    /** The ring, made at the key's second event with its first ({@code first}, null when there is none); under the key's lock. */
    private History ring(MapAccess first) {
        History h = history;
        if (h == null) {
            h = new History(Tracking.historySize);
            if (first != null) {
                h.append(first);
            }
            history = h;
        }
        return h;
    }

    /** Whether the key's ring of events has been made (at its second event); for tests. */
    boolean hasRing() {
        return history != null;
    }

    void openRead(MapAccess read) {
        if (openReads == NO_OPEN_READS) {
            openReads = new RecentByThread<>(THREADS);
        }
        openReads.put(read);
    }

    /** The thread's read not yet followed by a write of this key, removed; null if none. */
    public MapAccess takeOpenRead(int tid) {
        return openReads.take(tid);
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
        if (writes == NO_WRITES) {
            writes = new RecentByThread<>(THREADS);
        }
        writes.put(write);
    }

    public RecentByThread<MapAccess> writes() {
        return writes;
    }

    /**
     * Records the thread's read-modify-write of this key (copies of both accesses), in place of its
     * previous one here: the object is reused, so a loop's read-modify-writes allocate nothing.
     */
    public void addRmw(MapAccess read, MapAccess write) {
        if (rmws == NO_RMWS) {
            rmws = new RecentByThread<>(THREADS);
        }
        Rmw mine = rmws.peek(read.tid());
        if (mine != null) {
            mine.replaceWith(read, write);
        } else {
            rmws.put(new Rmw(read, write));
        }
        if (!hadRmw) {
            hadRmw = true;
        }
    }

    /**
     * True when the write about to be checked, paired with {@code read}, repeats the thread's last
     * read-modify-write of this key and that one's check found no race: the write was renewed in place
     * from number {@code renewedFrom} ({@link #repeatable}: the thread's previous write here, no other
     * thread's access of the key since, so every other thread's write, open read and
     * read-modify-write it would be compared with was there when that write was checked), that
     * previous write is the one the thread's read-modify-write ended with, and the read is at the
     * same site. The read and write now are the same thread's, later, with clocks that only grew:
     * ordered after at least what they were then, and no other thread's access can have come after
     * the read. So this check finds nothing either. Under the key's lock.
     */
    public boolean repeatsCleanRmw(MapAccess read, MapAccess write, long renewedFrom) {
        if (renewedFrom < 0 || renewedFrom < runFrom) {
            return false;
        }
        Rmw mine = rmws.peek(write.tid());
        return mine != null && mine.clean && mine.write().seq() == renewedFrom && mine.write().site() == write.site()
            && mine.read().site() == read.site() && mine.read().tid() == read.tid();
    }

    /** Notes whether the check of the thread's read-modify-write just recorded found no race; under the key's lock. */
    public void rmwChecked(int tid, boolean clean) {
        Rmw mine = rmws.peek(tid);
        if (mine != null && mine.clean != clean) {
            mine.clean = clean;
        }
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

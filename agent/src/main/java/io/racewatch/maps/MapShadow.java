package io.racewatch.maps;

import io.racewatch.order.VectorClocks;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.runtime.Stacks;
import io.racewatch.runtime.ThreadState;
import io.racewatch.runtime.Tracking;
import jdk.internal.vm.annotation.DontInline;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What racewatch keeps about one application map.
 *
 * <p>While a single thread uses the map (owner mode) an access costs an owner check and a few
 * field writes: the owner's last read, last write and last read-modify-write are kept so that
 * a second thread arriving later can still be checked against them. An access by another
 * thread that happens-after everything the owner did here hands the map over to that thread
 * (the old owner's events are kept); any other access by another thread switches the map to
 * shared mode, where every key gets a {@link KeyState}.
 */
public final class MapShadow {
    private static final Object ALL_KEYS = new Object();
    /** The owner of a shared map: no thread's slot. */
    private static final OwnerEvents SHARED = new OwnerEvents(Integer.MIN_VALUE, 0, false);
    /** Earlier owners kept for a map handed from thread to thread (a fork/join merge tree is a few deep). */
    private static final int RETIRED = 3;
    private static final int WRITERS = 4;
    /** The race rules and where races go; plain: set once at start-up, before any application thread runs. */
    static MapRaceCheck check = MapRaceCheck.NONE;

    public final String mapClass;
    /** ConcurrentMap, Hashtable or a synchronized wrapper: single calls are atomic and ordered. */
    public final boolean threadSafe;
    /** HashMap, TreeMap and the like: concurrent writes can corrupt them. */
    public final boolean corruptible;
    /** How the map (or the map a synchronized wrapper holds) tells keys apart. */
    private final KeyMatch keyMatch;
    /**
     * A map that may drop its keys when the program does (a WeakHashMap, a wrapper around one, or a map
     * class that is not the JDK's, see {@link #holdsKeysStrongly}): racewatch holds its keys weakly,
     * never keeping an entry alive.
     */
    private final boolean weakKeys;
    /** An access-ordered LinkedHashMap: get and getOrDefault relink the entry, so they write the map's structure. */
    public final boolean accessOrdered;
    /** The map's identity hash, for its name when no field names it (made only when asked). */
    private final int identity;
    private volatile String field;
    /** The sampling window it records for: a shadow is never used in another (see {@link SamplingWindows}). */
    final int window;
    /**
     * The owner's events ({@link #SHARED} once the map is shared): one volatile read tells an owner
     * whether the map is still its own. Replaced only under this shadow's monitor.
     */
    private volatile OwnerEvents owner;
    /** Earlier owners' events, oldest first (each owner's were ordered before the next's): at most {@link #RETIRED}. */
    private OwnerEvents[] retired;
    /** Neither weak-keyed nor access-ordered: an owner's repeated access only writes its own fields. */
    private final boolean plainOwner;

    // Shared mode: each key's state is locked on its own, so threads on different keys do not
    // contend; map-wide state (the unsafe-write check) has a lock of its own. Set up once, by
    // becomeShared under this shadow's monitor, before the volatile write of owner.
    /** The map-wide order (see {@link #nextSeq}); a VarHandle, not an AtomicLong: the JDK's atomics carry racewatch's own hooks. */
    @SuppressWarnings("unused")
    private volatile long seq;
    private static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(MapShadow.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile KeyTable keys;
    private final Object mapWide = new Object();
    private RecentByThread<MapAccess> mapWrites;
    /** A WeakHashMap's reads by thread: each expunges collected entries, a write that races with writes only. */
    private RecentByThread<MapAccess> mapExpunges;
    private History mapHistory;
    /**
     * For a thread-safe map: the clock its owners' writes were published with (the last owner's last
     * write, which every earlier owner's happened-before), joined by any thread's first read of any key.
     * Kept here rather than in every key's var, so that a key one thread writes stays a single releaser's.
     * The writer's slot and clock tell a thread that already knows it; written before the volatile array.
     */
    private volatile int[] ownerPublication;
    private int publishedTid;
    private int publishedClock;

    /** Applies {@code detector}'s race rules to every shared access from now on, and sends it the races. */
    public static void checkWith(MapRaceCheck detector) {
        check = detector;
    }

    /** A shadow for test mode's single window. */
    MapShadow(Object map, int ownerTid) {
        this(map, ownerTid, 1);
    }

    MapShadow(Object map, int ownerTid, int window) {
        this.window = window;
        Class<?> type = map.getClass();
        this.mapClass = type.getName();
        this.threadSafe = map instanceof ConcurrentMap || map instanceof Hashtable
            || mapClass.startsWith("java.util.Collections$Synchronized");
        this.corruptible = map instanceof HashMap || map instanceof TreeMap || map instanceof WeakHashMap
            || map instanceof IdentityHashMap || map instanceof EnumMap;
        // A synchronized wrapper compares keys as the map it wraps does (read from the JDK's field, no call).
        Object inner = JdkMapFields.wrappedBy(map);
        Object model = inner != null ? inner : map;
        this.keyMatch = model instanceof IdentityHashMap ? KeyMatch.IDENTITY
            : model instanceof java.util.SortedMap ? KeyMatch.SORTED : KeyMatch.EQUALS;
        this.weakKeys = model instanceof WeakHashMap || !holdsKeysStrongly(model);
        this.accessOrdered = JdkMapFields.accessOrdered(model);
        this.identity = System.identityHashCode(map);
        this.plainOwner = !(weakKeys && corruptible) && !accessOrdered; // a WeakHashMap's reads expunge: they write
        this.owner = new OwnerEvents(ownerTid, 0, false);
    }

    /**
     * True for the JDK's own maps (WeakHashMap aside) and their subclasses, which keep every key they
     * hold. Any other map class may hold keys weakly (commons-collections' ReferenceMap, Guava's and
     * Caffeine's weak-keyed maps): a key racewatch kept strongly would never leave it, and a program
     * waiting for it to be collected (commons-collections' own ReferenceMapTest) would wait in vain.
     */
    private static boolean holdsKeysStrongly(Object map) {
        return map.getClass().getClassLoader() == null || map instanceof HashMap || map instanceof TreeMap
            || map instanceof ConcurrentHashMap || map instanceof Hashtable || map instanceof IdentityHashMap
            || map instanceof EnumMap || map instanceof ConcurrentSkipListMap;
    }

    /** The field the map lives in, as {@code Owner.field}, or its class and identity. */
    public String name() {
        String f = field;
        if (f != null) {
            return MapGetters.resolve(f);
        }
        return mapClass.substring(mapClass.lastIndexOf('.') + 1) + "@" + Integer.toHexString(identity);
    }

    void nameFrom(Site site) {
        if (field == null && site.receiverField != null) {
            field = site.receiverField;
        }
    }

    boolean isShared() {
        return owner == SHARED;
    }

    boolean ownedBy(ThreadState ts) {
        return owner.tid == ts.tid;
    }

    // ---- owner mode ----

    void ownerAccess(ThreadState ts, Object key, int site, byte op) {
        ownerAccess(ts, key, site, op, WrittenValue.UNKNOWN);
    }

    /**
     * The owner's access in the common case, nothing but its own fields to update: the same site as
     * its last access, a map whose reads do not write, a read, or a write with no read open to pair
     * it with. False when it did not apply (or the map changed hands meanwhile): record it in full.
     */
    boolean ownerQuick(ThreadState ts, Object key, int site, byte op, Object value) {
        OwnerEvents o = owner;
        if (o.tid != ts.tid || site != o.lastSite || !plainOwner) {
            return false;
        }
        // Same site as the owner's last access, so the same operation (a site is one call): the event
        // it set then keeps its thread, site and operation, and only what may differ is written.
        if (MapOps.isRead(op)) {
            o.lastRead.repeat(ts, held(key, o.lastRead.key), value == null ? null : WrittenValue.UNKNOWN);
        } else if (!o.lastRead.isSet() && !MapOps.isMapWide(op)) {
            OwnerEvent w = o.lastWrite;
            w.repeat(ts, held(key, w.key), heldValue(value, w.value));
        } else {
            return false;
        }
        return owner == o;
    }

    /**
     * Records an access by the owner in its own fields. False when the map changed hands (or turned
     * shared) meanwhile: another thread may have read the fields before this access landed in them,
     * so the caller records it again, as a thread that is not the owner.
     */
    boolean ownerAccess(ThreadState ts, Object key, int site, byte op, Object value) {
        OwnerEvents o = owner;
        if (o.tid != ts.tid) {
            return false;
        }
        if (site != o.lastSite) {
            o.lastSite = site;
            // The first thread at a site leaves its stack, once; a thread the map was handed to, its own.
            if (o.handedOver || Sites.get(site).hasNoStack()) {
                Stacks.rememberAt(site, ts.tid, Thread.currentThread().getName());
            }
        }
        OwnerEvent lastRead = o.lastRead;
        if (MapOps.isRead(op)) {
            lastRead.set(ts, held(key, lastRead.key), site, op, value == null ? null : WrittenValue.UNKNOWN); // only whether it found the key
            if (relinks(op) || expunges(op)) {
                o.lastRelink.set(ts, null, site, op);
            }
            return owner == o;
        }
        if (MapOps.isMapWide(op)) {
            o.lastWrite.set(ts, ALL_KEYS, site, op);
            return owner == o;
        }
        Object held = held(key, o.lastWrite.key);
        value = heldValue(value, o.lastWrite.value);
        if (lastRead.isSet() && !WeakKey.collected(lastRead.key) && Keys.same(WeakKey.unwrap(lastRead.key), key, keyMatch)) {
            if (MapOps.isPlainWrite(op) && !ts.heldSince(lastRead.outerLock) && !ts.heldSince(lastRead.innerLock)
                && Activations.readStillRunning(lastRead.site, site)) {
                o.rmwRead.copy(lastRead);
                Sites.get(lastRead.site).markCheck();
                o.rmwWrite.set(ts, held, site, op, value);
            }
            lastRead.clear();
        }
        o.lastWrite.set(ts, held, site, op, value);
        return owner == o;
    }

    /**
     * Hands the map to the current thread when everything its owner did here happened-before this
     * access (a fork/join child's map merged by its parent after {@code join}, a result read after
     * {@code Future.get}): the map stays in owner mode, and the earlier owner's events are kept to be
     * carried over if the map turns shared later (a third thread unordered with them still races
     * with them). False when the access is not so ordered, or when this thread left a read open here
     * as an earlier owner: the map turns shared.
     *
     * <p>The owner writes its fields without a lock, so the check is made again after the switch: an
     * access it made meanwhile that this thread does not know of makes the map shared after all
     * (becoming shared carries that access over with the rest).
     */
    boolean takeOver(ThreadState ts) {
        OwnerEvents o = owner;
        if (o == SHARED || !ts.knows(o.tid, o.lastClock())) {
            return false;
        }
        synchronized (this) {
            if (owner != o || leftOpenRead(ts.tid)) {
                return false;
            }
            int kept = retired == null ? 0 : retired.length;
            OwnerEvents[] now = new OwnerEvents[Math.min(kept + 1, RETIRED)];
            // Oldest first; past the bound the oldest owner is forgotten (its events then enter no later check).
            System.arraycopy(retired == null ? now : retired, kept + 1 - now.length, now, 0, now.length - 1);
            now[now.length - 1] = o;
            retired = now;
            owner = new OwnerEvents(ts.tid, ts.own, true);
        }
        return ts.knows(o.tid, o.lastClock());
    }

    /**
     * The value a write stored as the owner's events may keep it: weakly unless it is a JDK value
     * ({@link WrittenValue#keep}). Even for a map that keeps the value itself: the value may reach
     * the map (a close hook's owner is the value in its own map of hooks), and racewatch finds this
     * shadow through a weak hold on the map, so a strong hold here would keep both alive for good.
     * A weak-keyed map's entry also goes once its key is collected, and its value must be collectable then.
     */
    private static Object heldValue(Object value, Object previous) {
        if (value == null || value == WrittenValue.UNKNOWN || value == previous) {
            return value; // the same object as the last write's is one the last write kept as it is
        }
        // A loop writing one value again reuses its weak hold: no allocation per access.
        return previous instanceof WrittenValue.Weak w && w.refersTo(value) ? w : WrittenValue.keep(value);
    }

    /**
     * The key as the owner's events may keep it: weakly for a weak-keyed map, and for any map unless
     * the key reaches nothing of the program's ({@link Keys#reachesNothing}: a key that reaches its
     * map would keep the map alive through this shadow). Reuses {@code previous} when it already holds
     * this very key (an owner's loop over one key).
     */
    private Object held(Object key, Object previous) {
        if (key == null || key == previous) {
            return key; // held as it is before: a key that reaches nothing (a weak hold is never the key itself)
        }
        if (previous instanceof WeakKey w && w.refersTo(key)) {
            return w;
        }
        return !weakKeys && Keys.reachesNothing(key) ? key : new WeakKey(key);
    }

    /** True when this operation moves the entry it reads (a get on an access-ordered LinkedHashMap). */
    boolean relinks(byte op) {
        return accessOrdered && (op == MapOps.GET || op == MapOps.GET_OR_DEFAULT);
    }

    /**
     * True when this read expunges a WeakHashMap's collected entries first (every read of one
     * does): it unlinks entries from the table, a write. The map makes its expunges under a lock
     * of its own (its reference queue), so two reads never corrupt it; a read and another
     * thread's put can (the put's new bucket head is lost when the expunge relinks the bucket).
     */
    boolean expunges(byte op) {
        return weakKeys && corruptible && MapOps.isRead(op);
    }

    /** True when the map is a WeakHashMap, whose reads expunge collected entries. */
    public boolean expungesOnRead() {
        return weakKeys && corruptible;
    }

    /**
     * True when thread {@code tid} owned the map before and left a read open (a check not yet followed
     * by its write): the map has been written by others since, so the write that may follow is checked
     * in shared mode, against what landed in between. Under this monitor.
     */
    private boolean leftOpenRead(int tid) {
        if (retired != null) {
            for (OwnerEvents r : retired) {
                if (r.tid == tid && r.lastRead.isSet()) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- shared mode ----

    /** Records an access by any thread once the map is shared; returns the races it reveals, or null. */
    List<MapRace> sharedAccess(ThreadState ts, Object key, int site, byte op) {
        return sharedAccess(ts, key, site, op, WrittenValue.UNKNOWN);
    }

    /** As above, for a write whose stored value is known ({@code null} for a removal). */
    List<MapRace> sharedAccess(ThreadState ts, Object key, int site, byte op, Object value) {
        Object kept = value == WrittenValue.UNKNOWN ? value
            : MapOps.isRead(op) ? (value == null ? WrittenValue.ABSENT : WrittenValue.UNKNOWN) : WrittenValue.keep(value);
        Thread current = Thread.currentThread();
        String thread = current.getName();
        Stacks.rememberAt(site, ts.tid, thread);
        if (owner != SHARED) {
            becomeShared();
        }
        KeyState ks = MapOps.isMapWide(op) ? null : keyState(ts, key);
        // Whether this write pairs with the thread's open read of the key (a check-then-act): asked once,
        // here, as it walks the stack; both the call path below and the detector under the key's lock use the answer.
        MapAccess openRead = ks == null || !MapOps.isPlainWrite(op) ? null : ks.openReadOf(ts.tid);
        boolean openReadRunning = openRead != null && !ts.heldSince(openRead.outerLock()) && !ts.heldSince(openRead.innerLock())
            && Activations.readStillRunning(openRead.site(), site);
        String[] stack = ownCallPath(ks, ts, site, op, openReadRunning) ? callPath(ks, ts, thread, site, op) : null; // before the key's lock is taken
        List<MapRace> races = null;
        MapAccess a;
        if (ks != null) {
            // A repeat may renew the thread's previous access in place only where nothing but the key holds
            // it: a corruptible map's map-wide records hold its accesses too, outside the key's lock.
            boolean mayRepeat = !corruptible && ts.outermostLock() == 0;
            synchronized (ks) {
                // Numbered under the key's lock, so one key's events are in the order they happened.
                // Only a map whose map-wide history is kept (a corruptible one) needs one order across keys.
                long n = corruptible ? nextMapSeq() : ks.nextSeq();
                MapAccess again = mayRepeat ? ks.repeatable(ts.tid, thread, site, op, stack) : null;
                if (again != null) {
                    long renewedFrom = again.seq();
                    again.renew(ts.own, ts.vc(), n, kept);
                    a = again;
                    races = keyAccess(ks, a, ts, current.getId(), renewedFrom, openRead, openReadRunning);
                } else {
                    a = new MapAccess(ts.tid, thread, op, site, ts.own, ts.vc(), n, ts.outermostLock(), ts.innermostLock(), kept, stack);
                    races = keyAccess(ks, a, ts, current.getId(), -1, openRead, openReadRunning);
                }
            }
        } else {
            a = new MapAccess(ts.tid, thread, op, site, ts.own, ts.vc(), nextMapSeq(), ts.outermostLock(), ts.innermostLock(),
                WrittenValue.UNKNOWN, stack);
        }
        if (corruptible) {
            synchronized (mapWide) {
                mapHistory.append(a);
                if (!MapOps.isRead(op) || relinks(op)) {
                    if (races == null) {
                        races = check.onUnsafeWrite(this, mapWrites, a);
                    }
                    if (races == null && mapExpunges != null) {
                        races = check.onUnsafeWrite(this, mapExpunges, a);
                    }
                    mapWrites.put(a);
                } else if (expunges(op)) {
                    if (races == null) {
                        races = check.onUnsafeWrite(this, mapWrites, a); // another expunge is ordered by the map's own lock
                    }
                    mapExpunges.put(a);
                }
            }
        }
        return races;
    }

    /**
     * Whether a shared access keeps its own call path, for the day another thread's access makes
     * it part of a finding: every write of a map that concurrent writes can corrupt (any two
     * unordered writes race), a read that writes (a get that relinks an access-ordered map, any
     * read of a WeakHashMap), and a read at a site that has been the check of a check-then-act.
     * On a thread-safe map a write is only ever part of a read-modify-write finding: its own (a
     * put after its thread's open read of the key) or another thread's, so it keeps its path once
     * the key has had a read-modify-write or while another thread's check of the key is open
     * ({@link KeyState#checkedByAnother}). Other accesses, the most frequent ones, enter a finding
     * as the racing thread's own (its stack is then live), as the read half of another thread's
     * read-modify-write (its path is read off that write's), or keep the first stack their thread
     * showed at the site: reads made before their site's first check-then-act, and writes of a
     * thread-safe map made before their key's first read-modify-write. A write after its thread's
     * open read made in a method that has returned ({@code openReadRunning} false) is no
     * read-modify-write of its own (see {@link Activations}).
     */
    private boolean ownCallPath(KeyState ks, ThreadState ts, int site, byte op, boolean openReadRunning) {
        if (MapOps.isRead(op)) {
            return relinks(op) || expunges(op) || Sites.get(site).isCheck();
        }
        if (!threadSafe || ks == null) {
            return true;
        }
        return openReadRunning || ks.checkedByAnother(ts.tid);
    }

    /**
     * The access's own call path. A thread that repeats its previous access of this key at this site,
     * with no other thread's access of the key in between (a loop on one key), keeps that access's
     * path (see {@link KeyState#repeatedPath}). The write of a read-modify-write made in the method
     * that made the read (the common check-then-act, one activation by {@link Activations}' rule)
     * shares the read's path below its own frame. Anything else walks the stack.
     */
    private static String[] callPath(KeyState ks, ThreadState ts, String thread, int site, byte op) {
        if (ks != null) {
            String[] again = ks.repeatedPath(ts.tid, thread, site, MapOps.isRead(op));
            if (again != null) {
                return again;
            }
        }
        MapAccess read = ks == null || MapOps.isRead(op) ? null : ks.openReadOf(ts.tid);
        if (read != null && read.stack() != null && read.stack().length > 0) {
            Site r = Sites.get(read.site());
            Site w = Sites.get(site);
            if (r.className.equals(w.className) && r.method.equals(w.method)) {
                String[] path = read.stack().clone();
                path[0] = w.frame();
                return path;
            }
        }
        return Stacks.ofCallPath(site);
    }

    /**
     * One access of one key, under the key's lock. {@code renewedFrom}, when not -1: the number of
     * the thread's previous access of this key at this site, renewed in place now
     * ({@link KeyState#repeatable}), with no other thread's access of the key since it was checked. Such a read is not checked again: the
     * read-modify-writes of other threads it would be compared with are those its previous making
     * was compared with (only another thread's write adds one), and its clock has only grown since,
     * so it can only be ordered after more of them; any race it could report has the kind and sites
     * of one reported then. A renewed write is checked as usual (the read it pairs with is new), but
     * for the loop's read-modify-write that found nothing the last time (see {@link KeyState#repeatsCleanRmw}).
     */
    @DontInline // compiled once, on its own: inlined, it doubled the size of sharedAccess's compilation (two call sites)
    private List<MapRace> keyAccess(KeyState ks, MapAccess a, ThreadState ts, long javaTid, long renewedFrom,
                                    MapAccess openRead, boolean openReadRunning) {
        boolean renewed = renewedFrom >= 0;
        if (renewed) {
            ks.appendRenewed(a);
        } else {
            ks.append(a);
        }
        boolean read = MapOps.isRead(a.op());
        List<MapRace> races;
        if (read) {
            ks.openRead(a);
            races = renewed ? null : check.onKeyRead(ks, a);
        } else {
            races = check.onKeyWrite(this, ks, a, ts, openRead, openReadRunning, renewedFrom);
            ks.addWrite(a);
        }
        if (threadSafe) {
            // One call site each for the key's acquire and release, whatever the operation: the JIT inlines
            // each once. A read acquires; a write releases, and an atomic one (a compute) acquires first.
            if (read || MapOps.isAtomic(a.op())) {
                acquirePublication(ts);
                ks.acquire(ts, javaTid); // the key's var is only touched under the key's lock
            }
            if (!read) {
                ks.release(ts, javaTid);
            }
        }
        return races;
    }

    /** Joins the owners' published writes into a reading thread's clock, unless it knows them already. */
    private void acquirePublication(ThreadState ts) {
        int[] published = ownerPublication;
        if (published != null && !ts.knows(publishedTid, publishedClock)) {
            ts.join(published);
        }
    }

        /** The map-wide history (any key), oldest first. */
    public List<MapAccess> mapHistory() {
        synchronized (mapWide) {
            return mapHistory == null ? Collections.emptyList() : mapHistory.snapshot();
        }
    }

    /**
     * The next number in one key's order. A corruptible map numbers every event in one order
     * across keys (its map-wide history needs it); any other map numbers each key on its own.
     * Every event of a key, carried over or live, must take its number here: "observed" compares
     * numbers of one key, and a number from another order would put an earlier write after a
     * later read (a lost update "in between" in code that is trivially ordered).
     */
    private long nextSeq(KeyState ks) {
        return corruptible || ks == null ? nextMapSeq() : ks.nextSeq();
    }

    /** The next number in the map-wide order. */
    private long nextMapSeq() {
        return (long) SEQ.getAndAdd(this, 1L) + 1;
    }

    /**
     * Switches to shared mode, carrying the owners' last events over in the order they happened
     * (earlier owners first), so that the second thread is checked against what was done before it
     * arrived. The owners' keys are looked up first, with no lock held (their hashCode and equals
     * are the application's code); only the switch itself is made under this shadow's monitor.
     */
    private void becomeShared() {
        synchronized (this) {
            if (keys == null) {
                keys = new KeyTable(keyMatch, weakKeys);
            }
        }
        while (true) {
            OwnerEvents current;
            OwnerEvents[] earlier;
            synchronized (this) {
                current = owner;
                earlier = retired;
            }
            if (current == SHARED) {
                return;
            }
            int n = earlier == null ? 0 : earlier.length;
            // Copies of the owners' fields (the owner may still be writing them: an access that lands
            // after the copy is recorded again, in shared mode, by the owner itself).
            OwnerEvents[] copies = new OwnerEvents[n + 1];
            KeyState[][] states = new KeyState[n + 1][];
            for (int i = 0; i <= n; i++) {
                copies[i] = (i < n ? earlier[i] : current).copy();
                states[i] = ownerKeyStates(copies[i]);
            }
            synchronized (this) {
                if (owner == SHARED) {
                    return;
                }
                if (owner != current) {
                    continue; // handed over meanwhile: copy again
                }
                mapWrites = new RecentByThread<>(WRITERS);
                mapExpunges = expungesOnRead() ? new RecentByThread<>(WRITERS) : null;
                mapHistory = new History(Tracking.historySize);
                OwnerEvent lastWritten = null;
                for (int i = 0; i <= n; i++) {
                    carryOver(copies[i], states[i]);
                    if (copies[i].lastWrite.isSet()) {
                        lastWritten = copies[i].lastWrite;
                    }
                }
                if (threadSafe && lastWritten != null) {
                    // The owners' writes were published through the map: later readers of any key see them.
                    publishedTid = lastWritten.tid;
                    publishedClock = lastWritten.clock;
                    ownerPublication = VectorClocks.with(lastWritten.vc, lastWritten.tid, lastWritten.clock);
                }
                current.clear();
                retired = null;
                owner = SHARED;
                return;
            }
        }
    }

    /** The key states of an owner's read-modify-write, last write and last read (each null when unset or collected). */
    private KeyState[] ownerKeyStates(OwnerEvents o) {
        OwnerEvent rw = o.rmwWrite, lw = o.lastWrite, lr = o.lastRead;
        return new KeyState[] {
            rw.isSet() ? ownerKeyState(rw.key) : null,
            lw.isSet() && lw.key != ALL_KEYS ? ownerKeyState(lw.key) : null,
            lr.isSet() ? ownerKeyState(lr.key) : null,
        };
    }

    /** One owner's events into the key states and the map-wide record, in the order they happened; under this monitor. */
    private void carryOver(OwnerEvents o, KeyState[] states) {
        OwnerEvent rr = o.rmwRead, rw = o.rmwWrite, lw = o.lastWrite, lr = o.lastRead, rl = o.lastRelink;
        KeyState rwKey = states[0], lwKey = states[1], lrKey = states[2];
        MapAccess rmwWritten = null;
        if (rw.isSet()) {
            MapAccess read = rr.toAccess(nextSeq(rwKey));
            rmwWritten = rw.toAccess(nextSeq(rwKey));
            if (rwKey != null) {
                synchronized (rwKey) {
                    rwKey.append(read);
                    rwKey.append(rmwWritten);
                    rwKey.addRmw(read, rmwWritten);
                    rwKey.addWrite(rmwWritten);
                }
            }
            mapWrites.put(rmwWritten);
        }
        if (lw.isSet() && !(rmwWritten != null && lw.sameAs(rw))) {
            MapAccess w = lw.toAccess(nextSeq(lwKey));
            if (lwKey != null) {
                synchronized (lwKey) {
                    lwKey.append(w);
                    lwKey.addWrite(w);
                }
            }
            mapWrites.put(w);
        }
        if (rl.isSet() && !(lw.isSet() && lw.clock == rl.clock && lw.tid == rl.tid && lw.site == rl.site)) {
            (mapExpunges != null ? mapExpunges : mapWrites).put(rl.toAccess(nextMapSeq()));
        }
        if (lr.isSet() && lrKey != null) {
            synchronized (lrKey) {
                MapAccess r = lr.toAccess(nextSeq(lrKey));
                lrKey.append(r);
                lrKey.openRead(r);
            }
        }
    }

    /** The state of a key the owner left in its fields; null when that key (held weakly) has been collected. */
    private KeyState ownerKeyState(Object held) {
        if (WeakKey.collected(held)) {
            return null;
        }
        return keyState(WeakKey.unwrap(held));
    }

    /**
     * {@link #keyState(Object)} for a shared access by thread {@code ts}: the same key object as its
     * last one here (a loop on one key) gets the state it got then without the table's walk, when
     * its hash is the same and it still matches the key that state was made for, as the table would
     * ask: a look-up key whose holder sets it to one key after another is the same object each time.
     * Only while the table is not full: until then no key is ever forgotten, so the state is still
     * the key's (past the cap it may have been, and another made since). Not for a weak map's keys,
     * whose state may pass to another key once its own is collected; the cache holds the key strongly,
     * as the table does for any other map.
     */
    private KeyState keyState(ThreadState ts, Object key) {
        long hash = Keys.hash(key, keyMatch); // the application's hashCode: no lock of racewatch's is held here
        if (hash == Keys.NO_HASH) {
            return null; // the map-wide checks still apply
        }
        Object cached = ts.lastKeyState; // read first: another thread only ever clears these (ThreadState.forgetObjects)
        KeyTable table = keys;
        if (cached != null && ts.keyShadow == this && ts.lastKey == key && ts.lastKeyHash == hash && key != null
            && !table.isFull() && Keys.same(key, ((KeyState) cached).key(), keyMatch)) { // application code, no lock held
            return (KeyState) cached;
        }
        KeyState ks = table.get(key, (int) hash, this);
        if (!weakKeys && key != null && Keys.reachesNothing(key)) { // a thread's cache keeps no key that may reach its map
            ts.keyShadow = this;
            ts.lastKey = key;
            ts.lastKeyHash = hash;
            ts.lastKeyState = ks;
        }
        return ks;
    }

    /** The state of one key, made on first sight; null for a key whose hashCode throws. */
    private KeyState keyState(Object key) {
        long hash = Keys.hash(key, keyMatch); // the application's hashCode: no lock of racewatch's is held here
        if (hash == Keys.NO_HASH) {
            return null; // the map-wide checks still apply
        }
        return keys.get(key, (int) hash, this);
    }

    /** The state of a key seen for the first time (made outside the key table's lock). */
    KeyState freshKeyState(Object key) {
        return KeyState.of(key, weakKeys);
    }
}

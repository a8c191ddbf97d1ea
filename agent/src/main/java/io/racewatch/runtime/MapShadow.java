package io.racewatch.runtime;

import io.racewatch.detect.MapRace;
import io.racewatch.detect.MapRaceDetector;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What racewatch keeps about one application map.
 *
 * <p>While a single thread uses the map (owner mode) an access costs an owner check and a few
 * field writes: the owner's last read, last write and last read-modify-write are kept so that
 * a second thread arriving later can still be checked against them. The first access by
 * another thread switches the map to shared mode, where every key gets a {@link KeyState}.
 */
public final class MapShadow {
    private static final Object ALL_KEYS = new Object();
    /** Stands for the null key (HashMap allows it; the key table does not). */
    private static final Object NULL_KEY = new Object();
    private static final int WRITERS = 4;

    public final String mapClass;
    /** ConcurrentMap, Hashtable or a synchronized wrapper: single calls are atomic and ordered. */
    public final boolean threadSafe;
    /** HashMap, TreeMap and the like: concurrent writes can corrupt them. */
    public final boolean corruptible;
    private final boolean keyed;
    private final String fallbackName;
    private volatile String field;
    final int ownerTid;
    private volatile boolean shared;

    // Owner mode: written by the owner thread only, as plain fields so that an access allocates
    // nothing. A second thread reads them once, when it switches the map to shared mode.
    private final OwnerEvent lastRead = new OwnerEvent();
    private final OwnerEvent lastWrite = new OwnerEvent();
    private final OwnerEvent rmwRead = new OwnerEvent();
    private final OwnerEvent rmwWrite = new OwnerEvent();
    private int lastOwnerSite;

    // Shared mode: each key's state is locked on its own, so threads on different keys do not
    // contend; map-wide state (the unsafe-write check) has a lock of its own. Set up once, by
    // becomeShared under this shadow's monitor, before the volatile write of shared.
    private final AtomicLong seq = new AtomicLong();
    private ConcurrentHashMap<Object, KeyState> keys;
    private final Object mapWide = new Object();
    private RecentByThread<MapAccess> mapWrites;
    private History mapHistory;
    /** For a thread-safe map: the owner's clock at its last write, published to every key. */
    private int[] ownerPublication;

    MapShadow(Object map, int ownerTid) {
        Class<?> type = map.getClass();
        this.mapClass = type.getName();
        this.threadSafe = map instanceof ConcurrentMap || map instanceof Hashtable
            || mapClass.startsWith("java.util.Collections$Synchronized");
        this.corruptible = map instanceof HashMap || map instanceof TreeMap || map instanceof WeakHashMap
            || map instanceof IdentityHashMap || map instanceof EnumMap;
        // Keys of a weak map must not be kept alive by racewatch, nor identity keys compared by equals.
        this.keyed = !(map instanceof WeakHashMap || map instanceof IdentityHashMap);
        this.fallbackName = type.getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(map));
        this.ownerTid = ownerTid;
    }

    /** The field the map lives in, as {@code Owner.field}, or its class and identity. */
    public String name() {
        String f = field;
        return f != null ? f : fallbackName;
    }

    void nameFrom(Site site) {
        if (field == null && site.receiverField != null) {
            field = site.receiverField;
        }
    }

    boolean isShared() {
        return shared;
    }

    boolean ownedBy(ThreadState ts) {
        return !shared && ownerTid == ts.tid;
    }

    // ---- owner mode ----

    void ownerAccess(ThreadState ts, Object key, int site, byte op) {
        if (site != lastOwnerSite) {
            lastOwnerSite = site;
            if (Sites.get(site).hasNoStack()) {
                Stacks.rememberAt(site, ts.tid, Thread.currentThread().getName()); // the first thread at a site: its stack, once
            }
        }
        if (MapOps.isRead(op)) {
            lastRead.set(ts, key, site, op);
            return;
        }
        if (MapOps.isMapWide(op)) {
            lastWrite.set(ts, ALL_KEYS, site, op);
            return;
        }
        if (lastRead.isSet() && Keys.same(lastRead.key, key)) {
            if (MapOps.isPlainWrite(op) && !ts.heldSince(lastRead.outerLock) && !ts.heldSince(lastRead.innerLock)) {
                rmwRead.copy(lastRead);
                rmwWrite.set(ts, key, site, op);
            }
            lastRead.clear();
        }
        lastWrite.set(ts, key, site, op);
    }

    // ---- shared mode ----

    /** Records an access by any thread once the map is shared; returns the races it reveals, or null. */
    List<MapRace> sharedAccess(ThreadState ts, Object key, int site, byte op) {
        Stacks.rememberAt(site, ts.tid, Thread.currentThread().getName());
        if (!shared) {
            synchronized (this) {
                if (!shared) {
                    becomeShared();
                }
            }
        }
        String thread = Thread.currentThread().getName();
        KeyState ks = MapOps.isMapWide(op) ? null : keyState(key);
        List<MapRace> races = null;
        MapAccess a;
        if (ks != null) {
            synchronized (ks) {
                // Numbered under the key's lock, so one key's events are in the order they happened.
                // Only a map whose map-wide history is kept (a corruptible one) needs one order across keys.
                long n = corruptible ? seq.incrementAndGet() : ks.nextSeq();
                a = new MapAccess(ts.tid, thread, op, site, ts.own, ts.vc, n, ts.outermostLock(), ts.innermostLock());
                races = keyAccess(ks, a, ts);
            }
        } else {
            a = new MapAccess(ts.tid, thread, op, site, ts.own, ts.vc, seq.incrementAndGet(), ts.outermostLock(), ts.innermostLock());
        }
        if (corruptible) {
            synchronized (mapWide) {
                mapHistory.append(a);
                if (!MapOps.isRead(op)) {
                    if (races == null) {
                        races = MapRaceDetector.onUnsafeWrite(this, mapWrites, a);
                    }
                    mapWrites.put(a);
                }
            }
        }
        return races;
    }

    /** One access of one key, under the key's lock. */
    private List<MapRace> keyAccess(KeyState ks, MapAccess a, ThreadState ts) {
        ks.append(a);
        if (MapOps.isRead(a.op())) {
            ks.openRead(a);
            List<MapRace> races = MapRaceDetector.onKeyRead(ks, a);
            if (threadSafe) {
                ks.sync.acquireExclusive(ts); // the key's var is only touched under the key's lock
            }
            return races;
        }
        List<MapRace> races = MapRaceDetector.onKeyWrite(this, ks, a, ts);
        ks.addWrite(a);
        if (threadSafe) {
            if (MapOps.isAtomic(a.op())) {
                ks.sync.acquireExclusive(ts);
            }
            ks.sync.releaseExclusive(ts);
        }
        return races;
    }

    /** The map-wide history (any key), oldest first. */
    public List<MapAccess> mapHistory() {
        synchronized (mapWide) {
            return mapHistory == null ? Collections.emptyList() : mapHistory.snapshot();
        }
    }

    private void becomeShared() {
        keys = new ConcurrentHashMap<>();
        mapWrites = new RecentByThread<>(WRITERS);
        mapHistory = new History(Tracking.historySize);
        // Carry the owner's last events over, in the order they happened, so that the
        // second thread is checked against what the owner did before it arrived.
        MapAccess rmwWritten = null;
        if (rmwWrite.isSet()) {
            Rmw rmw = new Rmw(rmwRead.toAccess(seq.incrementAndGet()), rmwWrite.toAccess(seq.incrementAndGet()));
            rmwWritten = rmw.write();
            KeyState ks = keyState(rmwWrite.key);
            if (ks != null) {
                ks.append(rmw.read());
                ks.append(rmw.write());
                ks.addRmw(rmw);
                ks.addWrite(rmw.write());
            }
            mapWrites.put(rmw.write());
        }
        if (lastWrite.isSet() && !(rmwWritten != null && lastWrite.sameAs(rmwWrite))) {
            MapAccess w = lastWrite.toAccess(seq.incrementAndGet());
            KeyState ks = lastWrite.key == ALL_KEYS ? null : keyState(lastWrite.key);
            if (ks != null) {
                ks.append(w);
                ks.addWrite(w);
            }
            mapWrites.put(w);
        }
        if (lastRead.isSet()) {
            MapAccess r = lastRead.toAccess(seq.incrementAndGet());
            KeyState ks = keyState(lastRead.key);
            if (ks != null) {
                ks.append(r);
                ks.openRead(r);
            }
        }
        if (threadSafe && lastWrite.isSet()) {
            // The owner's writes were published through the map: later readers of any key see them.
            ownerPublication = VectorClocks.with(lastWrite.vc, lastWrite.tid, lastWrite.clock);
            for (KeyState ks : keys.values()) {
                ks.sync.publish(ownerPublication);
            }
        }
        lastRead.clear();
        lastWrite.clear();
        rmwRead.clear();
        rmwWrite.clear();
        shared = true;
    }

    private KeyState keyState(Object key) {
        if (!keyed) {
            return null;
        }
        Object k = key == null ? NULL_KEY : key;
        try {
            KeyState ks = keys.get(k);
            if (ks != null) {
                return ks;
            }
            KeyState fresh = new KeyState(Keys.describe(key));
            if (ownerPublication != null) {
                fresh.sync.publish(ownerPublication);
            }
            ks = keys.putIfAbsent(k, fresh);
            if (ks != null) {
                return ks;
            }
            if (keys.size() > Tracking.maxKeysPerMap) {
                Limits.hit("keys per map", Tracking.maxKeysPerMap, "keys beyond it are forgotten, oldest first where possible");
                Iterator<Object> it = keys.keySet().iterator();
                if (it.hasNext()) {
                    it.next();
                    it.remove();
                }
            }
            return fresh;
        } catch (RuntimeException brokenKey) {
            return null; // a key whose hashCode or equals throws: the map-wide checks still apply
        }
    }
}

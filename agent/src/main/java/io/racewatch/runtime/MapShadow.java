package io.racewatch.runtime;

import io.racewatch.detect.MapRace;
import io.racewatch.detect.MapRaceDetector;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentMap;

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

    // Owner mode: written by the owner thread only.
    private MapAccess ownerRead;
    private Object ownerReadKey;
    private MapAccess ownerWrite;
    private Object ownerWriteKey;
    private Rmw ownerRmw;
    private Object ownerRmwKey;

    // Shared mode: guarded by this.
    private LinkedHashMap<Object, KeyState> keys;
    private RecentByThread<MapAccess> mapWrites;
    private History mapHistory;
    private long seq;
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

    boolean ownedBy(ThreadState ts) {
        return !shared && ownerTid == ts.tid;
    }

    // ---- owner mode ----

    void ownerAccess(ThreadState ts, Object key, int site, byte op) {
        if (Sites.get(site).hasNoStack()) {
            Stacks.rememberAt(site, ts.tid); // the first thread at a site: its stack, once
        }
        MapAccess a = new MapAccess(ts.tid, Thread.currentThread().getName(), op, site, ts.own, ts.vc, 0, ts.outermostLock(), ts.innermostLock());
        if (MapOps.isRead(op)) {
            ownerRead = a;
            ownerReadKey = key;
            return;
        }
        if (MapOps.isMapWide(op)) {
            ownerWrite = a;
            ownerWriteKey = ALL_KEYS;
            return;
        }
        MapAccess read = ownerRead; // a second thread may clear it while switching to shared mode
        if (read != null && Keys.same(ownerReadKey, key)) {
            if (MapOps.isPlainWrite(op) && !MapRaceDetector.lockHeldAcross(read, ts)) {
                ownerRmw = new Rmw(read, a);
                ownerRmwKey = key;
            }
            ownerRead = null;
            ownerReadKey = null;
        }
        ownerWrite = a;
        ownerWriteKey = key;
    }

    // ---- shared mode ----

    /** Records an access by any thread once the map is shared; returns the races it reveals, or null. */
    List<MapRace> sharedAccess(ThreadState ts, Object key, int site, byte op) {
        String thread = Thread.currentThread().getName();
        Stacks.rememberAt(site, ts.tid);
        synchronized (this) {
            if (!shared) {
                becomeShared();
            }
            MapAccess a = new MapAccess(ts.tid, thread, op, site, ts.own, ts.vc, ++seq, ts.outermostLock(), ts.innermostLock());
            mapHistory.append(a);
            KeyState ks = MapOps.isMapWide(op) ? null : keyState(key);
            if (ks != null) {
                ks.append(a);
            }
            if (MapOps.isRead(op)) {
                if (ks == null) {
                    return null;
                }
                ks.openRead(a);
                List<MapRace> races = MapRaceDetector.onKeyRead(ks, a);
                if (threadSafe) {
                    ks.sync.acquire(ts);
                }
                return races;
            }
            List<MapRace> races = null;
            if (ks != null) {
                races = MapRaceDetector.onKeyWrite(this, ks, a, ts);
                ks.addWrite(a);
                if (threadSafe) {
                    if (MapOps.isAtomic(op)) {
                        ks.sync.acquire(ts);
                    }
                    ks.sync.release(ts);
                }
            }
            if (corruptible && races == null) {
                races = MapRaceDetector.onUnsafeWrite(this, mapWrites, a);
            }
            mapWrites.put(a);
            return races;
        }
    }

    /** The map-wide history (any key), oldest first. */
    public synchronized List<MapAccess> mapHistory() {
        return mapHistory == null ? Collections.emptyList() : mapHistory.snapshot();
    }

    private void becomeShared() {
        keys = new LinkedHashMap<>(16, 0.75f, true);
        mapWrites = new RecentByThread<>(WRITERS);
        mapHistory = new History(Tracking.historySize);
        // Carry the owner's last events over, in the order they happened, so that the
        // second thread is checked against what the owner did before it arrived.
        if (ownerRmw != null) {
            Rmw rmw = new Rmw(ownerRmw.read().withSeq(++seq), ownerRmw.write().withSeq(++seq));
            KeyState ks = keyState(ownerRmwKey);
            if (ks != null) {
                ks.append(rmw.read());
                ks.append(rmw.write());
                ks.addRmw(rmw);
                ks.addWrite(rmw.write());
            }
            mapWrites.put(rmw.write());
        }
        if (ownerWrite != null && (ownerRmw == null || ownerWrite != ownerRmw.write())) {
            MapAccess w = ownerWrite.withSeq(++seq);
            KeyState ks = ownerWriteKey == ALL_KEYS ? null : keyState(ownerWriteKey);
            if (ks != null) {
                ks.append(w);
                ks.addWrite(w);
            }
            mapWrites.put(w);
        }
        if (ownerRead != null) {
            MapAccess r = ownerRead.withSeq(++seq);
            KeyState ks = keyState(ownerReadKey);
            if (ks != null) {
                ks.append(r);
                ks.openRead(r);
            }
        }
        if (threadSafe && ownerWrite != null) {
            // The owner's writes were published through the map: later readers of any key see them.
            ownerPublication = VectorClocks.with(ownerWrite.vc(), ownerWrite.tid(), ownerWrite.clock());
            for (KeyState ks : keys.values()) {
                ks.sync.publish(ownerPublication);
            }
        }
        ownerRead = null;
        ownerReadKey = null;
        ownerWrite = null;
        ownerWriteKey = null;
        ownerRmw = null;
        ownerRmwKey = null;
        shared = true;
    }

    private KeyState keyState(Object key) {
        if (!keyed) {
            return null;
        }
        KeyState ks;
        try {
            ks = keys.get(key);
            if (ks == null) {
                ks = new KeyState(Keys.describe(key));
                if (ownerPublication != null) {
                    ks.sync.publish(ownerPublication);
                }
                keys.put(key, ks);
                if (keys.size() > Tracking.maxKeysPerMap) {
                    Limits.hit("keys per map", Tracking.maxKeysPerMap, "the least recently used keys are forgotten");
                    var it = keys.entrySet().iterator();
                    it.next();
                    it.remove();
                }
            }
        } catch (RuntimeException brokenKey) {
            return null; // a key whose hashCode or equals throws: the map-wide checks still apply
        }
        return ks;
    }
}

package io.racewatch.locks;

import io.racewatch.runtime.Limits;
import io.racewatch.runtime.Sites;
import io.racewatch.order.ThreadRegistry;
import io.racewatch.runtime.StripedCount;
import io.racewatch.runtime.ThreadState;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wait and hold statistics of the locks that share a name: the field that holds them
 * ({@code Metrics.lock}) or, without one, the site that takes them. One row of the lock-wait
 * report. Aggregating by name, not by instance, bounds memory by the size of the code: ten
 * thousand sessions each with its own lock are one row.
 *
 * <p>Updated while the application lock is held (acquire and release probes run inside it), so
 * the monitor here is rarely contended.
 */
public final class LockStats {
    private static final int MAX_NAMES = 2_000;
    private static final int MAX_ROWS = 32;
    private static final Map<String, LockStats> BY_NAME = new ConcurrentHashMap<>();
    private static final LockStats OVERFLOW = new LockStats("(other locks: cap reached)", "");

    public final String name;
    public final String lockClass;
    /** Holds shorter than this are only counted, not recorded one by one: a hot lock's common case stays cheap. */
    private static final long SHORT_HOLD_NS = 2_000;

    private final Histogram waits = new Histogram(2);
    private final Histogram holds = new Histogram(2);
    private final StripedCount acquisitions = new StripedCount();
    /** Hold segments begun again after a wait: with the acquisitions, every hold segment (short ones are not counted one by one). */
    private final StripedCount resumes = new StripedCount();
    private long contended;
    private long waitTotal;
    private final Map<Integer, long[]> waitBySite = new HashMap<>();
    private final Map<String, long[]> waitCausedBy = new HashMap<>();

    private LockStats(String name, String lockClass) {
        this.name = name;
        this.lockClass = lockClass;
    }

    public static LockStats named(String name, String lockClass) {
        String key = name + " " + lockClass;
        LockStats s = BY_NAME.get(key);
        if (s != null) {
            return s;
        }
        if (BY_NAME.size() >= MAX_NAMES) {
            Limits.hit("lock names", MAX_NAMES, "further locks are counted together in one row");
            return OVERFLOW;
        }
        // putIfAbsent, not computeIfAbsent(lambda): a capturing lambda is a class spun at start-up (preloading
        // calls this); two threads may both make one, the first one in the map is everyone's.
        LockStats made = new LockStats(name, lockClass);
        LockStats first = BY_NAME.putIfAbsent(key, made);
        return first != null ? first : made;
    }

    /** Every lock seen so far. */
    public static Collection<LockStats> all() {
        List<ThreadState> states = threadStates();
        List<LockStats> out = new ArrayList<>();
        for (LockStats s : BY_NAME.values()) {
            if (s.acquisitionCount(states) > 0) {
                out.add(s);
            }
        }
        if (OVERFLOW.acquisitionCount(states) > 0) {
            out.add(OVERFLOW);
        }
        return out;
    }

    /** An acquisition by the thread whose held locks are {@code by}: counted there, added here later. */
    void acquired(HeldLocks by) {
        if (by.counting == this) {
            by.counted++;
        } else {
            by.flushCounts();
            by.counting = this;
            by.counted = 1;
        }
    }

    /** {@code n} acquisitions a thread counted ({@link HeldLocks#flushCounts}). */
    void addAcquisitions(int slot, long n) {
        acquisitions.add(slot, n);
    }

    /**
     * Every acquisition so far: those added here and those threads still hold in their own count
     * (read racily: one under way may or may not be in, and a thread ending during this read may be
     * counted twice or not at all in this one answer).
     */
    private long acquisitionCount(List<ThreadState> states) {
        long n = acquisitions.sum();
        for (ThreadState ts : states) {
            if (ts.locks.counting == this) {
                n += ts.locks.counted;
            }
        }
        return n;
    }

    /** Every thread's state, each once (a live thread's is both in a slot and by its thread). */
    private static List<ThreadState> threadStates() {
        java.util.Set<ThreadState> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<ThreadState> out = new ArrayList<>();
        for (ThreadState ts : ThreadRegistry.states()) {
            if (seen.add(ts)) {
                out.add(ts);
            }
        }
        return out;
    }

    /** A contended acquisition: {@code waitNs} spent waiting for {@code blockerThread}, which took the lock at {@code blockerSite}. */
    synchronized void waited(long waitNs, String blockerThread, int blockerSite, int site) {
        contended++;
        waitTotal += waitNs;
        waits.recordValue(Math.max(0, waitNs));
        add(waitBySite, site, waitNs);
        add(waitCausedBy, blockerThread + "\u0000" + blockerSite, waitNs);
    }

    /** A hold segment begins again after a wait. */
    void resumed(int slot) {
        resumes.increment(slot);
    }

    /**
     * A hold segment ended after {@code holdNs}. Only segments that lasted past a tick of the hold
     * clock are timed at all, and of those only the ones over {@link #SHORT_HOLD_NS} recorded: the
     * others are the segments begun and never recorded (see {@link #snapshot}), so an uncontended
     * hold updates nothing here at its release.
     */
    void released(long holdNs) {
        if (holdNs < SHORT_HOLD_NS) {
            return;
        }
        synchronized (this) {
            holds.recordValue(holdNs);
        }
    }

    private static <K> void add(Map<K, long[]> rows, K key, long waitNs) {
        long[] row = rows.get(key);
        if (row == null) {
            if (rows.size() >= MAX_ROWS) {
                return;
            }
            row = new long[2];
            rows.put(key, row);
        }
        row[0]++;
        row[1] += waitNs;
    }

    /**
     * Contended waits by time, for histograms: pairs of a bucket's upper bound in nanoseconds
     * (1 µs, then four times the previous) and the waits in it, up to the longest wait.
     */
    public synchronized List<long[]> waitBuckets() {
        List<long[]> out = new ArrayList<>();
        if (contended > 0) {
            for (org.HdrHistogram.HistogramIterationValue v : waits.logarithmicBucketValues(1_000, 4)) {
                out.add(new long[] {v.getValueIteratedTo(), v.getCountAddedInThisIterationStep()});
            }
        }
        return out;
    }

    /** A consistent copy for reports. */
    public synchronized Snapshot snapshot() {
        List<Row> sites = new ArrayList<>();
        waitBySite.forEach((site, r) -> sites.add(new Row(Sites.get(site).shortForm(), null, r[0], r[1])));
        List<Row> causes = new ArrayList<>();
        waitCausedBy.forEach((key, r) -> {
            int cut = key.indexOf('\u0000');
            causes.add(new Row(Sites.get(Integer.parseInt(key.substring(cut + 1))).shortForm(), key.substring(0, cut), r[0], r[1]));
        });
        sites.sort((a, b) -> Long.compare(b.waitNs, a.waitNs));
        causes.sort((a, b) -> Long.compare(b.waitNs, a.waitNs));
        Histogram allHolds = holds.copy();
        // Segments begun (acquisitions and resumptions after waits) and not recorded were short
        // (a hold still running now, or whose release fell outside a sampling window, counts too).
        long acquired = acquisitionCount(threadStates());
        long shortOnes = Math.max(0, acquired + resumes.sum() - holds.getTotalCount());
        if (shortOnes > 0) {
            allHolds.recordValueWithCount(SHORT_HOLD_NS / 2, shortOnes); // short holds counted at half the cut-off
        }
        long holdCount = allHolds.getTotalCount();
        return new Snapshot(name, lockClass, acquired, contended, waitTotal,
            contended == 0 ? 0 : waits.getValueAtPercentile(50), contended == 0 ? 0 : waits.getValueAtPercentile(99),
            contended == 0 ? 0 : waits.getMaxValue(), holdCount == 0 ? 0 : allHolds.getValueAtPercentile(99),
            holdCount == 0 ? 0 : allHolds.getMaxValue(), holdCount, sites, causes);
    }

    /**
     * One lock's figures. Waits are those of contended acquisitions (another thread held the
     * lock when this one asked); holds are every hold segment (a {@code wait()} ends one).
     */
    public record Snapshot(String name, String lockClass, long acquisitions, long contended, long waitTotalNs,
                           long waitP50Ns, long waitP99Ns, long waitMaxNs, long holdP99Ns, long holdMaxNs, long holds,
                           List<Row> waitedAt, List<Row> causedBy) {
        public double contendedShare() {
            return acquisitions == 0 ? 0 : (double) contended / acquisitions;
        }

        public long waitMeanNs() {
            return contended == 0 ? 0 : waitTotalNs / contended;
        }
    }

    /**
     * A site that waited, or a holder (thread and site of its acquisition) that made others wait.
     *
     * @param site   short site form, {@code Class.method:line}
     * @param thread the holder's thread, null for a waiting site
     * @param count  waits
     * @param waitNs total wait
     */
    public record Row(String site, String thread, long count, long waitNs) {
    }
}

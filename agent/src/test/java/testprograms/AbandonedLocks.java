package testprograms;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cache look-up in the shape of Derby 10.10's {@code ConcurrentCache.getEntry}: a miss locks a
 * fresh entry, then publishes it with {@code putIfAbsent}; the loser of that race drops its fresh
 * entry still locked (no one can reach it, so no one ever unlocks it) and locks the winner's.
 * Its thread really keeps holding the dropped lock, but no other thread can ever wait for it, so
 * no lock order through it can deadlock. The twins hold an entry that is published and release
 * it later, in another method: orders through it are real.
 *
 * <p>Threads take turns (one at a time, or handing over by a latch), so each run is the same.
 */
public final class AbandonedLocks {
    /** A cache entry: its lock guards the value (one lock name, {@code Entry.mutex}, for all entries). */
    static final class Entry {
        final ReentrantLock mutex = new ReentrantLock();
    }

    private static final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private static final Object index = new Object();
    private static final Object journal = new Object();
    /** Fresh entries dropped still locked: the program says how many, so a run shows it took that path. */
    private static int dropped;

    /** The key's entry, locked by the caller's thread; a miss publishes a fresh one. */
    static Entry lookup(String key) {
        return lookup(key, () -> { });
    }

    /** As {@link #lookup(String)}; on a miss, {@code beforePublish} runs between locking the fresh entry and publishing it. */
    static Entry lookup(String key, Runnable beforePublish) {
        Entry hit = cache.get(key);
        if (hit != null) {
            hit.mutex.lock(); // @hit-lock
            return hit;
        }
        Entry fresh = new Entry();
        fresh.mutex.lock(); // @fresh-lock
        beforePublish.run();
        Entry winner = cache.putIfAbsent(key, fresh);
        if (winner == null) {
            return fresh;
        }
        // Another thread's entry won: the fresh one is dropped as it is, locked (on purpose: unreachable).
        dropped++;
        winner.mutex.lock(); // @winner-lock
        return winner;
    }

    /** Unlocks an entry taken by {@link #lookup}: the hold is handed from one method to another. */
    static void done(Entry e) {
        e.mutex.unlock(); // @done-unlock
    }

    /** Looks a key up under the journal's monitor: the journal, then an entry. */
    static void lookupUnderJournal(String key) {
        synchronized (journal) { // @journal-outer
            done(lookup(key));
        }
    }

    /**
     * The loser drops a locked entry under the index, then takes the index and the journal while
     * still holding it; the winner takes an entry under the journal. With the dropped lock counted
     * as held, that is a cycle on the very objects (the index and the dropped entry, both ways) and
     * one on names (entries and the journal).
     */
    static void abandoned() throws InterruptedException {
        run("loser", () -> {
            synchronized (index) { // @index-lookup
                // Both miss: the winner publishes its entry while the loser's fresh one is locked, not yet published.
                done(lookup("k", () -> join("winner", () -> done(lookup("k")))));
            }
            synchronized (index) { // @index-again
                synchronized (journal) { // @journal-inner
                    journal.hashCode();
                }
            }
        });
        run("winner", () -> lookupUnderJournal("k"));
    }

    /**
     * The twin: the holder publishes its entry and keeps it locked across methods while it takes
     * the journal, then unlocks it; the other thread later takes the journal, then that entry.
     */
    static void held() throws InterruptedException {
        run("holder", () -> {
            Entry e = lookup("k");
            synchronized (journal) { // @journal-held
                journal.hashCode();
            }
            done(e);
        });
        run("other", () -> lookupUnderJournal("k"));
    }

    /** As {@link #held}, but the other thread asks for the entry, holding the journal, before the holder unlocks it. */
    static void heldContended() throws InterruptedException {
        CountDownLatch journalTaken = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            Entry e = lookup("k");
            synchronized (journal) { // @journal-held-contended
                journal.hashCode();
            }
            journalTaken.countDown();
            while (!e.mutex.hasQueuedThreads()) { // until the other thread waits for the entry
                Thread.onSpinWait();
            }
            done(e);
        }, "holder");
        Thread other = new Thread(() -> {
            await(journalTaken);
            lookupUnderJournal("k");
        }, "other");
        holder.start();
        other.start();
        holder.join();
        other.join();
    }

    /**
     * A prediction from names through a hold that ends: the other thread takes a different entry
     * under the journal first; then the holder holds its own fresh entry, takes the journal, and
     * unlocks the entry.
     */
    static void heldNames() throws InterruptedException {
        run("other", () -> lookupUnderJournal("first"));
        run("holder", () -> {
            Entry e = lookup("second");
            synchronized (journal) { // @journal-held-names
                journal.hashCode();
            }
            done(e);
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, name);
        t.start();
        t.join();
    }

    /** {@link #run} from inside another thread's body. */
    private static void join(String name, Runnable body) {
        try {
            run(name, body);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        switch (args[0]) {
            case "abandoned" -> abandoned();
            case "held" -> held();
            case "held-contended" -> heldContended();
            case "held-names" -> heldNames();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done, dropped " + dropped);
    }
}

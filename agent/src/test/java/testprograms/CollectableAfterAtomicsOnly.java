package testprograms;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A program that synchronizes only through atomics and volatile fields (no lock, no map, no
 * executor of its own) drops the objects it used: they must be collectable under the agent as
 * without it. racewatch's per-thread caches of the objects synchronized through last are let go
 * by its watchdog, so the watchdog must run for such a program too. Prints, per object, whether
 * its weak reference was cleared.
 */
public final class CollectableAfterAtomicsOnly {
    private volatile Object published;

    public static void main(String[] args) throws Exception {
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<?>[] refs = use(cleared);
        String[] names = {"atomic", "atomic-reference", "volatile-holder", "published-value"};
        // As Collectable: collect for up to ten seconds, as programs that wait for a cleaner do.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && !allCleared(refs)) {
            System.gc();
            cleared.remove(100);
        }
        for (int i = 0; i < names.length; i++) {
            System.out.println(names[i] + " collected=" + (refs[i].get() == null));
        }
    }

    private static boolean allCleared(WeakReference<?>[] refs) {
        for (WeakReference<?> r : refs) {
            if (r.get() != null) {
                return false;
            }
        }
        return true;
    }

    /** Each object written by a thread main starts and read by main after the join, then dropped. */
    private static WeakReference<?>[] use(ReferenceQueue<Object> cleared) throws Exception {
        AtomicInteger atomic = new AtomicInteger();
        AtomicReference<Object> reference = new AtomicReference<>();
        CollectableAfterAtomicsOnly holder = new CollectableAfterAtomicsOnly();
        Object value = new Object();
        Thread worker = new Thread(() -> {
            atomic.incrementAndGet();
            reference.set(value);
            holder.published = value;
        }, "worker");
        worker.start();
        worker.join();
        if (atomic.get() != 1 || reference.get() != value || holder.published != value) {
            throw new IllegalStateException("the work did not happen");
        }
        return new WeakReference<?>[] {
            new WeakReference<>(atomic, cleared), new WeakReference<>(reference, cleared),
            new WeakReference<>(holder, cleared), new WeakReference<>(value, cleared)};
    }
}

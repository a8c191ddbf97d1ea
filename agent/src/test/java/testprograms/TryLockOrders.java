package testprograms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Two locks taken in opposite orders by two threads, one after the other. With the inner
 * acquisition a {@code tryLock} that backs off, they cannot deadlock; with {@code lock()} they can.
 * The monitor cases take a monitor through a local read from a field, after other values were
 * loaded, so that its name must come from where the monitor came from.
 */
public final class TryLockOrders {
    private static final ReentrantLock ledger = new ReentrantLock();
    private static final ReentrantLock journal = new ReentrantLock();
    private static final StampedLock index = new StampedLock();
    private static final Object registry = new Object();
    private static long patienceMs = 100;
    private static int attempts;

    /** Outer ledger, inner journal; false when the inner lock could not be had (the caller retries). */
    static boolean ledgerThenJournal(boolean tryInner) throws InterruptedException {
        ledger.lock(); // @outer-lj
        try {
            if (tryInner) {
                if (!journal.tryLock(100, TimeUnit.MILLISECONDS)) { // @inner-try-lj
                    return false;
                }
            } else {
                journal.lock(); // @inner-lj
            }
            journal.unlock();
            return true;
        } finally {
            ledger.unlock();
        }
    }

    static boolean journalThenLedger(boolean tryInner) throws InterruptedException {
        journal.lock(); // @outer-jl
        try {
            if (tryInner) {
                if (!ledger.tryLock(patienceMs, TimeUnit.MILLISECONDS)) { // @inner-try-jl
                    return false;
                }
            } else {
                ledger.lock(); // @inner-jl
            }
            ledger.unlock();
            return true;
        } finally {
            journal.unlock();
        }
    }

    /** The inner lock is a StampedLock's tryWriteLock. */
    static boolean ledgerThenIndex() {
        ledger.lock();
        try {
            long stamp = index.tryWriteLock();
            if (stamp == 0L) {
                return false;
            }
            index.unlockWrite(stamp);
            return true;
        } finally {
            ledger.unlock();
        }
    }

    static boolean indexThenLedger() {
        long stamp = index.writeLock();
        try {
            if (!ledger.tryLock()) {
                return false;
            }
            ledger.unlock();
            return true;
        } finally {
            index.unlockWrite(stamp);
        }
    }

    /** The monitor comes from a field through a local, with other loads between. */
    static void registryThenLedger() {
        Object guard = registry;
        long patience = patienceMs;
        attempts += (int) patience;
        synchronized (guard) { // @outer-rl
            ledger.lock(); // @inner-rl
            ledger.unlock();
        }
    }

    static void ledgerThenRegistry() {
        ledger.lock(); // @outer-lr
        try {
            Object guard = registry;
            attempts++;
            synchronized (guard) { // @inner-lr
                attempts++;
            }
        } finally {
            ledger.unlock();
        }
    }

    interface Attempt {
        boolean run() throws InterruptedException;
    }

    /** Retries until the attempt gets both locks: the back-off of a try-lock. */
    static void untilDone(Attempt attempt) {
        try {
            while (!attempt.run()) {
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Runnable first;
        Runnable second;
        switch (args[0]) {
            case "try-backoff" -> {
                first = () -> untilDone(() -> ledgerThenJournal(true));
                second = () -> untilDone(() -> journalThenLedger(true));
            }
            case "plain" -> {
                first = () -> untilDone(() -> ledgerThenJournal(false));
                second = () -> untilDone(() -> journalThenLedger(false));
            }
            case "stamped-try" -> {
                first = () -> untilDone(TryLockOrders::ledgerThenIndex);
                second = () -> untilDone(TryLockOrders::indexThenLedger);
            }
            case "monitor" -> {
                first = TryLockOrders::registryThenLedger;
                second = TryLockOrders::ledgerThenRegistry;
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        Thread a = new Thread(first, "posting");
        a.start();
        a.join();
        Thread b = new Thread(second, "closing");
        b.start();
        b.join();
        System.out.println(args[0] + " done " + attempts);
    }
}

package testprograms;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Contention of a known amount: five times, the holder keeps the lock until the waiter is
 * seen queued (ReentrantLock) or blocked on that very monitor, then lets go. Exactly five contended
 * acquisitions of each lock, each caused by the thread "holder".
 */
public final class Contention {
    private static final ReentrantLock hot = new ReentrantLock();
    private static final Object hotMonitor = new Object();
    public static final int ROUNDS = 5;

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < ROUNDS; i++) {
            contendLock();
            contendMonitor();
        }
        System.out.println("contention done");
    }

    private static void contendLock() throws InterruptedException {
        Thread waiter = new Thread(() -> {
            hot.lock(); // @waiter-lock
            hot.unlock();
        }, "waiter");
        Thread holder = new Thread(() -> {
            hot.lock(); // @holder-lock
            try {
                waiter.start();
                while (!hot.hasQueuedThread(waiter)) {
                    Thread.onSpinWait();
                }
            } finally {
                hot.unlock();
            }
        }, "holder");
        holder.start();
        holder.join();
        waiter.join();
    }

    private static void contendMonitor() throws InterruptedException {
        Thread waiter = new Thread(() -> {
            synchronized (hotMonitor) { // @waiter-monitor
                hotMonitor.hashCode();
            }
        }, "waiter");
        Thread holder = new Thread(() -> {
            synchronized (hotMonitor) { // @holder-monitor
                waiter.start();
                while (!blockedOn(waiter, hotMonitor)) {
                    Thread.onSpinWait();
                }
            }
        }, "holder");
        holder.start();
        holder.join();
        waiter.join();
    }

    /**
     * The thread is blocked entering this monitor: not merely BLOCKED, which it also is for a
     * moment on any other monitor on its way (a class being initialized, a lock inside the JDK).
     */
    private static boolean blockedOn(Thread t, Object monitor) {
        java.lang.management.ThreadInfo info = java.lang.management.ManagementFactory.getThreadMXBean().getThreadInfo(t.getId());
        return info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null
            && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor);
    }
}

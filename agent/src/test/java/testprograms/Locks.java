package testprograms;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/** Lock holds, long and short; the first argument picks the case. Run with holdThresholdMs=100. */
public final class Locks {
    private static final Object configLock = new Object();
    private static final Object waitingLock = new Object();
    private static final ReentrantLock busy = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "slow-io" -> slowIoInsideLock();
            case "slow-io-after-idle" -> slowIoAfterIdle();
            case "short-holds" -> shortHolds();
            case "wait-inside" -> waitInsideLock();
            case "try-lock-fails" -> tryLockThatFails();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(args[0] + " done");
    }

    /** A read from a peer that never answers (250 ms timeout) while holding the lock. */
    static void slowIoInsideLock() throws Exception {
        try (ServerSocket silent = new ServerSocket(0); Socket peer = new Socket("127.0.0.1", silent.getLocalPort())) {
            peer.setSoTimeout(250);
            synchronized (configLock) { // @lock-io
                try {
                    peer.getInputStream().read();
                } catch (SocketTimeoutException expected) {
                    // the peer stayed silent, as intended
                }
            } // @unlock-io
        }
    }

    /**
     * One short hold (the watchdog starts), nothing held until the watchdog has parked (staging's hold clock
     * asleep: its thread is in {@code Unsafe.park}, not in its tick's {@code Thread.sleep}), then the slow read.
     * Nothing in racewatch signals the park to the program, so main waits for that state itself: it looks at
     * the watchdog thread's state between yields (no timed sleep, no lock), giving up after 30 s.
     */
    static void slowIoAfterIdle() throws Exception {
        synchronized (configLock) {
            idleRounds++;
        }
        awaitWatchdogParked();
        slowIoInsideLock();
    }

    /** Yields until racewatch's watchdog is parked (its hold clock asleep) and prints whether it is; 30 s guard. */
    static void awaitWatchdogParked() {
        Thread watchdog = racewatchThread("racewatch-watchdog");
        long giveUp = System.nanoTime() + 30_000_000_000L; // a guard: without the agent there is no watchdog
        while (watchdog != null && !parked(watchdog) && System.nanoTime() < giveUp) {
            Thread.yield();
        }
        System.out.println("watchdog parked: " + (watchdog != null && parked(watchdog)));
    }

    private static int idleRounds;

    private static Thread racewatchThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Parked, not sleeping between ticks: a stack is read only when the state says it is waiting. */
    private static boolean parked(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        StackTraceElement[] st = t.getStackTrace();
        return st.length > 0 && st[0].getMethodName().equals("park");
    }

    static void shortHolds() {
        int sum = 0;
        for (int i = 0; i < 10_000; i++) {
            synchronized (configLock) {
                sum += i;
            }
        }
        System.out.println("sum=" + sum);
    }

    /** A long synchronized block that spends its time in wait(): the lock is free meanwhile. */
    static void waitInsideLock() throws InterruptedException {
        synchronized (waitingLock) {
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                waitingLock.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            }
        }
    }

    /** The holder keeps the lock until the other thread's tryLock has failed. */
    static void tryLockThatFails() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch tried = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            busy.lock();
            try {
                held.countDown();
                tried.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busy.unlock();
            }
        }, "holder");
        holder.start();
        held.await();
        System.out.println("acquired=" + busy.tryLock());
        tried.countDown();
        holder.join();
    }
}

package testprograms.timers;

import java.lang.ref.WeakReference;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Periodic tasks that hold their owner only weakly (so as not to keep it alive) and, at the first
 * run that finds it collected, cancel their timer, themselves or their future (Hadoop's
 * DecayRpcScheduler): clean. Their twins that go on running after the owner is gone: owner-collected.
 * Each run after the collection counts a latch down; main waits for it, never for time.
 */
public final class SelfCancelling {
    static final ScheduledExecutorService SCHEDULER = Daemons.scheduler("decay");

    /** How each task reacts when it finds its owner gone. */
    enum OnGone { CANCEL_TIMER, CANCEL_TASK, KEEP_RUNNING }

    public static void main(String[] args) throws Exception {
        CountDownLatch runsAfter = switch (args[0]) {
            case "timer-cancels-its-timer" -> timer(OnGone.CANCEL_TIMER, 1);
            case "timer-task-cancels-itself" -> timer(OnGone.CANCEL_TASK, 1);
            case "timer-task-keeps-running" -> timer(OnGone.KEEP_RUNNING, 2);
            case "future-cancels-itself" -> executor(true, 1);
            case "future-keeps-running" -> executor(false, 2);
            case "timer-task-not-run-again-before-exit" -> {
                // Its next run is an hour off: exit comes first, and the task holds its owner weakly.
                WeakReference<TimerOwner> owner = new WeakReference<>(new TimerOwner(OnGone.CANCEL_TIMER, new CountDownLatch(1), 3_600_000));
                LostOwners.collect(owner);
                io.racewatch.tasks.Owners.sweep();
                yield new CountDownLatch(0);
            }
            case "future-not-run-again-before-exit" -> {
                // The executor twin of the timer task above: its next run is an hour off, it holds its owner weakly.
                WeakReference<FutureOwner> owner = new WeakReference<>(new FutureOwner(true, new CountDownLatch(1), 3_600_000));
                LostOwners.collect(owner);
                io.racewatch.tasks.Owners.sweep();
                yield new CountDownLatch(0);
            }
            case "blind-future-not-run-again-before-exit" -> {
                // Its twin holds nothing that could tell it its owner is gone: left behind.
                WeakReference<BlindOwner> owner = new WeakReference<>(new BlindOwner());
                LostOwners.collect(owner);
                io.racewatch.tasks.Owners.sweep();
                yield new CountDownLatch(0);
            }
            default -> throw new IllegalArgumentException(args[0]);
        };
        runsAfter.await(); // the run that found the owner gone (for the twins: the second one, certainly after it)
        System.out.println(args[0] + " done");
    }

    private static CountDownLatch timer(OnGone onGone, int runs) {
        CountDownLatch latch = new CountDownLatch(runs);
        WeakReference<TimerOwner> owner = new WeakReference<>(new TimerOwner(onGone, latch, 10));
        LostOwners.collect(owner);
        return latch;
    }

    private static CountDownLatch executor(boolean cancels, int runs) {
        CountDownLatch latch = new CountDownLatch(runs);
        WeakReference<FutureOwner> owner = new WeakReference<>(new FutureOwner(cancels, latch, 10));
        LostOwners.collect(owner);
        return latch;
    }

    /** Owns a timer and a periodic task on it, as DecayRpcScheduler does. */
    static final class TimerOwner implements AutoCloseable {
        private final Timer timer = new Timer("decay-timer", true);

        TimerOwner(OnGone onGone, CountDownLatch runsAfter, long periodMs) {
            timer.scheduleAtFixedRate(new Decay(this, timer, onGone, runsAfter), periodMs, periodMs); // @decay-schedule
        }

        @Override
        public void close() {
            timer.cancel();
        }
    }

    /** Holds its owner weakly; static, so it does not keep the owner reachable. */
    static final class Decay extends TimerTask {
        private final WeakReference<TimerOwner> owner;
        private final Timer timer;
        private final OnGone onGone;
        private final CountDownLatch runsAfter;

        Decay(TimerOwner owner, Timer timer, OnGone onGone, CountDownLatch runsAfter) {
            this.owner = new WeakReference<>(owner);
            this.timer = timer;
            this.onGone = onGone;
            this.runsAfter = runsAfter;
        }

        @Override
        public void run() {
            if (owner.get() != null) {
                return;
            }
            switch (onGone) {
                case CANCEL_TIMER -> timer.cancel();
                case CANCEL_TASK -> cancel();
                case KEEP_RUNNING -> {
                }
            }
            runsAfter.countDown();
        }
    }

    /** Owns a periodic task on a shared executor; the task cancels its own future once the owner is gone. */
    static final class FutureOwner implements AutoCloseable {
        private final Future<?> tick;

        FutureOwner(boolean cancels, CountDownLatch runsAfter, long periodMs) {
            Tick task = new Tick(this, cancels, runsAfter);
            tick = SCHEDULER.scheduleAtFixedRate(task, periodMs, periodMs, TimeUnit.MILLISECONDS); // @tick-schedule
            task.self = tick;
        }

        @Override
        public void close() {
            tick.cancel(false);
        }
    }

    /** Owns a periodic task that refers to nothing: it cannot notice its owner's collection. */
    static final class BlindOwner implements AutoCloseable {
        private final Future<?> tick;

        BlindOwner() {
            tick = SCHEDULER.scheduleAtFixedRate(new Blind(), 1, 1, TimeUnit.HOURS); // @blind-schedule
        }

        @Override
        public void close() {
            tick.cancel(false);
        }
    }

    static final class Blind implements Runnable {
        @Override
        public void run() {
        }
    }

    static final class Tick implements Runnable {
        private final WeakReference<FutureOwner> owner;
        private final boolean cancels;
        private final CountDownLatch runsAfter;
        volatile Future<?> self;

        Tick(FutureOwner owner, boolean cancels, CountDownLatch runsAfter) {
            this.owner = new WeakReference<>(owner);
            this.cancels = cancels;
            this.runsAfter = runsAfter;
        }

        @Override
        public void run() {
            Future<?> future = self;
            if (owner.get() != null || future == null) {
                return;
            }
            if (cancels) {
                future.cancel(false);
            }
            runsAfter.countDown();
        }
    }
}

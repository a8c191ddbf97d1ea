package io.racewatch.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cost of scheduling a task and cancelling it, the pattern of a timeout cleared on success.
 * With the agent the benchmark object is the task's owner: each schedule is tracked against it
 * (its close() makes it a lifecycle class), and the cancelled records are dropped in batches.
 */
@State(Scope.Thread)
public class SchedulingBenchmark implements AutoCloseable {
    private final Runnable task = () -> { };
    private ScheduledThreadPoolExecutor scheduler;
    /** An executor whose queue is headed by a task due long before any the benchmark schedules. */
    private ScheduledThreadPoolExecutor behindHead;
    private ScheduledFuture<?> head;

    @Setup
    public void start() {
        scheduler = new ScheduledThreadPoolExecutor(1);
        scheduler.setRemoveOnCancelPolicy(true); // cancelled tasks leave the queue at once: no growth
        behindHead = new ScheduledThreadPoolExecutor(1);
        behindHead.setRemoveOnCancelPolicy(true);
        head = behindHead.schedule(task, 30, TimeUnit.MINUTES);
    }

    @Benchmark
    public boolean scheduleThenCancel() {
        ScheduledFuture<?> timeout = scheduler.schedule(task, 1, TimeUnit.HOURS);
        return timeout.cancel(false);
    }

    /**
     * The same where the task never heads the queue: {@link #scheduleThenCancel}'s task is the next
     * due each time, so its schedule signals the executor's waiting thread, which wakes, takes the
     * queue's lock and waits again (with the agent, through racewatch's lock probes, on the other
     * core); behind a parked head task the schedule and the cancel are the caller's work alone.
     */
    @Benchmark
    public boolean scheduleThenCancelBehindHead() {
        ScheduledFuture<?> timeout = behindHead.schedule(task, 1, TimeUnit.HOURS);
        return timeout.cancel(false);
    }

    /** The same from static code: no owner, so only the happens-before wrapping is paid. */
    @Benchmark
    public boolean unownedScheduleThenCancel() {
        return scheduleAndCancel(scheduler, task);
    }

    private static boolean scheduleAndCancel(ScheduledThreadPoolExecutor scheduler, Runnable task) {
        return scheduler.schedule(task, 1, TimeUnit.HOURS).cancel(false);
    }

    @TearDown
    @Override
    public void close() {
        head.cancel(false);
        behindHead.shutdownNow();
        scheduler.shutdownNow();
    }
}

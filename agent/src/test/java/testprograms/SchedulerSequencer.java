package testprograms;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Two threads whose only common ground is {@code ScheduledThreadPoolExecutor}'s sequencer, the one
 * counter every scheduler of the JVM increments at each {@code schedule}: each schedules a task on
 * an executor of its own, the first after its update of a shared map, the second before its own.
 * Nothing orders the two updates (the second waits through {@link Unseen}): racewatch must report
 * the race at {@code @read}/{@code @write}, not take the JDK's counter for a hand-off. Main
 * schedules once first, as a program that has scheduled before does.
 */
public final class SchedulerSequencer {
    private static final Map<String, Integer> counts = new HashMap<>();
    private static final Runnable NOTHING = () -> { };

    static void bump() {
        Integer v = counts.get("k"); // @read
        counts.put("k", v == null ? 1 : v + 1); // @write
    }

    public static void main(String[] args) throws InterruptedException {
        ScheduledThreadPoolExecutor warm = new ScheduledThreadPoolExecutor(1);
        ScheduledThreadPoolExecutor one = new ScheduledThreadPoolExecutor(1);
        ScheduledThreadPoolExecutor two = new ScheduledThreadPoolExecutor(1);
        warm.schedule(NOTHING, 1, TimeUnit.HOURS).cancel(false);
        Unseen firstDone = new Unseen();
        Both.run("first", () -> {
            bump();
            one.schedule(NOTHING, 1, TimeUnit.HOURS);
            firstDone.signal();
        }, "second", () -> {
            firstDone.await();
            two.schedule(NOTHING, 1, TimeUnit.HOURS);
            bump();
            System.out.println("count=" + counts.get("k"));
        });
        warm.shutdownNow();
        one.shutdownNow();
        two.shutdownNow();
    }
}

package it.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks in threads of their own, one after the other, ordered by latches racewatch does not
 * see (only it.app.* is instrumented): the race never strikes and is reported every run.
 */
public final class Turns {
    private Turns() {
    }

    public static void run(Runnable... tasks) throws InterruptedException {
        CountDownLatch[] ended = new CountDownLatch[tasks.length];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            ended[i] = new CountDownLatch(1);
        }
        for (int i = 0; i < tasks.length; i++) {
            int n = i;
            threads.add(new Thread(() -> {
                try {
                    if (n > 0 && !ended[n - 1].await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("turn " + (n - 1) + " did not end");
                    }
                    tasks[n].run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    ended[n].countDown();
                }
            }, "worker-" + (i + 1)));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}

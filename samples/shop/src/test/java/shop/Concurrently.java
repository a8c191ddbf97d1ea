package shop;

import java.util.ArrayList;
import java.util.List;

/** Runs each task in a thread of its own and waits for all: the simplest way a test makes code concurrent. */
final class Concurrently {
    private Concurrently() {
    }

    static void run(Runnable... tasks) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            threads.add(new Thread(tasks[i], "customer-" + (i + 1)));
        }
        // A loop, not forEach(Thread::start): racewatch sees a start only where your code calls it.
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}

package realprograms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs client threads that start their work together (a latch) and collects what they throw. */
public final class Clients {
    /** One client's work; {@code start} is awaited by the client once it is ready to begin. */
    public interface Client {
        void run(int client, CountDownLatch start) throws Exception;
    }

    private Clients() {
    }

    /** Starts {@code count} threads named {@code prefix-N}, releases them at once, joins them; returns their failures. */
    public static List<Throwable> runTogether(int count, String prefix, Client body) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int client = t;
            Thread thread = new Thread(() -> {
                try {
                    body.run(client, start);
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, prefix + "-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return failures;
    }
}

package testprograms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * More threads over the run than racewatch has clock slots (4096), never more than a batch alive
 * at once, and every Thread object kept reachable so that none is ever collected: slots must come
 * back when a thread ends, not when it is collected. Then the lost update of {@link LostUpdate}
 * on two new threads must still be seen. Argument: how many threads to churn through.
 */
public final class EndedThreads {
    private static final Map<Integer, Integer> tally = new HashMap<>();

    public static void main(String[] args) throws InterruptedException {
        int total = Integer.parseInt(args[0]);
        List<Thread> kept = new ArrayList<>(total);
        for (int started = 0; started < total; ) {
            List<Thread> batch = new ArrayList<>();
            for (int i = 0; i < 50 && started < total; i++, started++) {
                int k = started;
                Thread t = new Thread(() -> {
                    synchronized (tally) {
                        tally.merge(k % 10, 1, Integer::sum);
                    }
                }, "churn-" + k);
                t.start();
                batch.add(t);
            }
            for (Thread t : batch) {
                t.join();
            }
            kept.addAll(batch);
        }
        System.out.println("threads=" + kept.size());
        LostUpdate.main(new String[0]);
    }
}

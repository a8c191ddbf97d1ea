package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map used by one thread, then handed to another: the second thread's accesses are checked
 * against what the owner did before it arrived (commons-pool's keyed pool: the creating thread
 * fills the map, a later one returns and destroys an entry).
 *
 * <ul>
 *   <li>{@code ordered}: main does get+put of k1 and put of k2, then starts a thread that reads
 *       k2 and removes it. Thread.start orders everything: no finding.</li>
 *   <li>{@code racy}: the same, but main writes k2 only after the thread read it, with nothing the
 *       agent sees ordering the two (Handoff is excluded): a lost update, as it happened.</li>
 * </ul>
 * Prints {@code k2=<value the worker removed>}.
 */
public final class OwnerHandover {
    private static final Map<String, Integer> pool = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        boolean racy = args.length > 0 && args[0].equals("racy");
        Integer seen = pool.get("k1");
        pool.put("k1", seen == null ? 1 : seen + 1);
        Handoff workerRead = new Handoff();
        Handoff mainWrote = new Handoff();
        if (!racy) {
            pool.put("k2", 1); // @owner-put
        }
        Integer[] removed = new Integer[1];
        Thread worker = new Thread(() -> {
            Integer v = pool.get("k2"); // @worker-get
            workerRead.signal();
            if (racy) {
                mainWrote.await();
            }
            if (v != null || racy) {
                removed[0] = pool.remove("k2"); // @worker-remove
            }
        }, "returner");
        worker.start();
        if (racy) {
            workerRead.await();
            pool.put("k2", 2); // @racy-put
            mainWrote.signal();
        }
        worker.join();
        System.out.println("k2=" + removed[0]);
    }
}

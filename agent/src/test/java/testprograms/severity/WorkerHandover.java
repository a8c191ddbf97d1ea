package testprograms.severity;

import testprograms.Handoff;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ZooKeeper's election connections in small: a listener checks whether a peer has a worker and,
 * finding none, installs a new one; meanwhile the peer's old worker, finishing, removes its own
 * entry with {@code remove(sid, this)}. The removal lands between the check and the install (the
 * gates force it, unseen by racewatch): it finds nothing to remove, and nothing is lost.
 */
public final class WorkerHandover {
    private static final Map<Long, Object> workers = new ConcurrentHashMap<>();

    public static void main(String[] args) throws InterruptedException {
        Object oldWorker = new Object();
        Handoff checked = new Handoff();
        Handoff removed = new Handoff();
        Thread listener = new Thread(() -> install(5L, checked, removed), "listener");
        Thread finisher = new Thread(() -> {
            checked.await();
            boolean gone = workers.remove(5L, oldWorker); // @remove
            removed.signal();
            System.out.println("removed=" + gone);
        }, "finisher");
        listener.start();
        finisher.start();
        listener.join();
        finisher.join();
        System.out.println("installed=" + (workers.get(5L) != null));
    }

    private static void install(long sid, Handoff checked, Handoff removed) {
        Object running = workers.get(sid); // @check
        checked.signal();
        if (running == null) {
            removed.await();
            workers.put(sid, new Object()); // @install
        }
    }
}

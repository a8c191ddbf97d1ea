package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Check-then-act on a ConcurrentHashMap that really goes wrong in this run: both threads find
 * the key absent and both create a session. Each call is thread-safe, the pair is not, and the
 * map's own internal locking must not hide that.
 *
 * <p>Forced interleaving (Handoff is excluded, so the agent sees no ordering):
 * <pre>
 *   api:    containsKey("session") -> false
 *                                         worker: containsKey("session") -> false
 *   api:    put("session", "api")
 *                                         worker: put("session", "worker")   api's session is lost
 * </pre>
 * The worker is the racing thread: accesses = [worker containsKey, worker put, api put], observed.
 * Prints {@code created=2 owner=worker}.
 */
public final class ObservedCheckThenAct {
    private static final Map<String, String> sessions = new ConcurrentHashMap<>();
    private static int created;

    public static void main(String[] args) throws InterruptedException {
        Handoff apiChecked = new Handoff();
        Handoff workerChecked = new Handoff();
        Handoff apiPut = new Handoff();
        Both.run("api", () -> {
            boolean absent = !sessions.containsKey("session"); // @check-api
            apiChecked.signal();
            workerChecked.await();
            if (absent) {
                sessions.put("session", "api"); // @put-api
                created++;
            }
            apiPut.signal();
        }, "worker", () -> {
            apiChecked.await();
            boolean absent = !sessions.containsKey("session"); // @check-worker
            workerChecked.signal();
            apiPut.await();
            if (absent) {
                sessions.put("session", "worker"); // @put-worker
                created++;
            }
        });
        System.out.println("created=" + created + " owner=" + sessions.get("session"));
    }
}

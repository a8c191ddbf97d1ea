package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users seeded with containsKey-then-put on a ConcurrentHashMap: each call is thread-safe, the
 * pair is not. The second seeder runs after the first (a latch the agent cannot see).
 */
public final class CheckThenActConcurrentMap {
    private static final Map<String, String> users = new ConcurrentHashMap<>();

    static void seedFromApi() {
        if (!users.containsKey("admin")) { // @check-api
            users.put("admin", "api"); // @put-api
        }
    }

    static void seedFromWorker() {
        if (!users.containsKey("admin")) { // @check-worker
            users.put("admin", "worker"); // @put-worker
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Handoff apiDone = new Handoff();
        Both.run("api", () -> {
            seedFromApi();
            apiDone.signal();
        }, "worker", () -> {
            apiDone.await();
            users.remove("admin"); // @remove-worker (a reset, so that the worker seeds too)
            seedFromWorker();
        });
        System.out.println("admin=" + users.get("admin"));
    }
}

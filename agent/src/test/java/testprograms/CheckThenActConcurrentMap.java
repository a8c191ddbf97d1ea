package testprograms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Users seeded with containsKey-then-put on a ConcurrentHashMap ({@code skip-list}: a
 * ConcurrentSkipListMap): each call is thread-safe, the pair is not. The second seeder runs
 * after the first (a latch the agent cannot see).
 */
public final class CheckThenActConcurrentMap {
    private static Map<String, String> users;

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
        users = args.length > 0 && args[0].equals("skip-list") ? new ConcurrentSkipListMap<>() : new ConcurrentHashMap<>();
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

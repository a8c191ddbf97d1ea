package demo.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A database session with an identity map, and a prefetch that loads a report in the
 * background through it. A request that prefetches and then closes its session, as the buggy
 * handler does, leaves the job to run against a closed session. (Seed: a background task using
 * a session after it closed.)
 */
final class Session implements AutoCloseable {
    private final ExecutorService workers;
    private final Map<String, String> identityMap = new HashMap<>();
    private volatile boolean open = true;

    Session(ExecutorService workers) {
        this.workers = workers;
    }

    /** Loads the report later, through this session. */
    Future<String> prefetch(String orderId) {
        return workers.submit(() -> load(orderId));
    }

    String load(String orderId) {
        String known = identityMap.get(orderId);
        if (known != null) {
            return known;
        }
        if (!open) {
            throw new IllegalStateException("session is closed");
        }
        String row = "report for " + orderId;
        identityMap.put(orderId, row);
        return row;
    }

    @Override
    public void close() {
        open = false;
    }
}

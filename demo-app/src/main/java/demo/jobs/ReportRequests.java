package demo.jobs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Handles "prepare the report of an order" requests: each request has its own session, closed
 * when the request ends. The buggy handler prefetches through the request's session; the fixed
 * one hands the background job the order id, and the job opens a session of its own.
 */
final class ReportRequests {
    private final ExecutorService workers;
    private final boolean fixed;

    ReportRequests(ExecutorService workers, boolean fixed) {
        this.workers = workers;
        this.fixed = fixed;
    }

    Future<String> handle(String orderId) {
        try (Session session = new Session(workers)) {
            if (fixed) {
                return workers.submit(() -> loadInOwnSession(orderId));
            }
            return session.prefetch(orderId);
        }
    }

    private String loadInOwnSession(String orderId) {
        try (Session own = new Session(workers)) {
            return own.load(orderId);
        }
    }
}

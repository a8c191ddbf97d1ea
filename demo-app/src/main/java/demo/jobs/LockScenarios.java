package demo.jobs;

import java.util.List;

/** The lock mistakes of the seeds: slow I/O inside a lock, two locks in opposite orders, a hot lock. */
final class LockScenarios {
    private LockScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
            new Scenario("config-refresh", LockScenarios::slowRefresh),
            new Scenario("billing-audit", LockScenarios::oppositeOrders),
            new Scenario("hot-metrics", LockScenarios::hotLock));
    }

    private static String slowRefresh(boolean fixed) throws Exception {
        try (ConfigCache cache = new ConfigCache(fixed)) {
            cache.refresh();
            return "refreshed the config cache: " + cache.settings();
        }
    }

    private static String oppositeOrders(boolean fixed) throws Exception {
        Accounts accounts = new Accounts(fixed);
        Thread billing = new Thread(() -> accounts.charge(1_250), "billing");
        billing.start();
        billing.join();
        boolean[] balanced = new boolean[1];
        Thread audit = new Thread(() -> balanced[0] = accounts.audit(), "audit");
        audit.start();
        audit.join();
        return "billing charged, the audit found the books " + (balanced[0] ? "balanced" : "off");
    }

    private static String hotLock(boolean fixed) throws Exception {
        Metrics metrics = new Metrics(fixed);
        Thread[] workers = new Thread[4];
        for (int w = 0; w < workers.length; w++) {
            String name = "worker-" + w;
            workers[w] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    metrics.record(name, i % 50);
                }
            }, name);
            workers[w].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return workers.length + " workers recorded " + metrics.total() + " ms of latency";
    }
}

package demo.jobs;

import java.util.concurrent.atomic.LongAdder;

/**
 * Request metrics every worker records into. The buggy recorder is one synchronized method
 * that also formats a log line inside the lock: all workers queue on it, and the lock-wait
 * report shows it as the hot lock and who held it. The fixed recorder uses a LongAdder and
 * formats outside any lock.
 */
final class Metrics {
    private final boolean fixed;
    private final LongAdder adder = new LongAdder();
    private long total;
    private String last = "";

    Metrics(boolean fixed) {
        this.fixed = fixed;
    }

    void record(String worker, int latencyMs) {
        if (fixed) {
            adder.add(latencyMs);
            return;
        }
        recordLocked(worker, latencyMs);
    }

    private synchronized void recordLocked(String worker, int latencyMs) {
        total += latencyMs;
        last = String.format("%s took %d ms (total %d)", worker, latencyMs, total);
    }

    long total() {
        return fixed ? adder.sum() : totalLocked();
    }

    private synchronized long totalLocked() {
        return total;
    }
}

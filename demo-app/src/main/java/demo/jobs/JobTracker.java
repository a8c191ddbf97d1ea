package demo.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job status table, written by two parties: the worker reports progress, the heartbeat
 * stamps liveness. The buggy tracker reads a status, builds the new one and puts it back;
 * when the two interleave, one of the updates is lost (progress jumps back, or the heartbeat
 * vanishes). (Seed: {@code self.jobs} updated by the main task, the heartbeat and a worker.)
 */
final class JobTracker {
    private final Map<String, JobStatus> jobs;
    private final boolean fixed;

    JobTracker(boolean fixed) {
        this.fixed = fixed;
        this.jobs = fixed ? new ConcurrentHashMap<>() : new HashMap<>(64);
    }

    void register(String id) {
        jobs.put(id, new JobStatus(id, 0, 0));
    }

    void advance(String id, int step) {
        if (fixed) {
            jobs.computeIfPresent(id, (k, status) -> status.advanced(step));
            return;
        }
        JobStatus status = jobs.get(id);
        jobs.put(id, status.advanced(step));
    }

    void beat(String id, long at) {
        if (fixed) {
            jobs.computeIfPresent(id, (k, status) -> status.beat(at));
            return;
        }
        JobStatus status = jobs.get(id);
        jobs.put(id, status.beat(at));
    }

    JobStatus status(String id) {
        return jobs.get(id);
    }
}

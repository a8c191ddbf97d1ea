package demo.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per job id, so that two updates of the same job never interleave. The buggy
 * registry creates the lock with check-then-create: two threads asking for a new id at once
 * can each create their own lock, and then both "hold the job's lock" at the same time.
 * (Seed: the per-flow asyncio.Lock dictionary filled with {@code if id not in locks}.)
 */
final class LockRegistry {
    private final Map<String, Lock> locks;
    private final boolean fixed;

    LockRegistry(boolean fixed) {
        this.fixed = fixed;
        this.locks = fixed ? new ConcurrentHashMap<>() : new HashMap<>(64);
    }

    Lock lockFor(String jobId) {
        if (fixed) {
            return locks.computeIfAbsent(jobId, id -> new ReentrantLock());
        }
        Lock lock = locks.get(jobId);
        if (lock == null) {
            lock = new ReentrantLock();
            locks.put(jobId, lock);
        }
        return lock;
    }

    int size() {
        return locks.size();
    }
}

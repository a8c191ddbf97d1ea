package testprograms.lib;

import java.util.concurrent.locks.StampedLock;

/**
 * A library's value guarded by a StampedLock: written under the write lock, read under the read
 * lock or optimistically (validated). Tests exclude {@code testprograms.lib.*}.
 */
public final class StampedBox {
    private final StampedLock lock = new StampedLock();
    private boolean published;

    public void publish() {
        long stamp = lock.writeLock();
        try {
            published = true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Polls under the read lock. */
    public void awaitLocked() {
        while (true) {
            long stamp = lock.readLock();
            try {
                if (published) {
                    return;
                }
            } finally {
                lock.unlockRead(stamp);
            }
            Thread.onSpinWait();
        }
    }

    /** Polls with optimistic reads, trusting only a read the lock validates. */
    public void awaitOptimistic() {
        while (true) {
            long stamp = lock.tryOptimisticRead();
            boolean seen = published;
            if (stamp != 0L && lock.validate(stamp) && seen) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}

package io.racewatch.locks;

import io.racewatch.order.SyncVars;
import io.racewatch.runtime.ThreadState;

/**
 * The locks racewatch believes the current thread holds, for racewatch's own tests: a test
 * program run under the agent compares them with what the Java language says is held at the
 * same point. Not part of the user-facing API; nothing in racewatch calls it.
 */
public final class HeldLocksView {
    private HeldLocksView() {
    }

    /** How many times the current thread holds {@code lock} (reentrant acquisitions counted), or -1 when it cannot tell now. */
    public static int holdCount(Object lock) {
        ThreadState ts = ThreadState.enter();
        if (ts == null || lock == null) {
            return -1;
        }
        try {
            int i = ts.locks.indexOf(SyncVars.of(ts, lock));
            return i < 0 ? 0 : ts.locks.count(i);
        } finally {
            ts.exit();
        }
    }

    /** How many distinct locks the current thread holds, or -1 when it cannot tell now. */
    public static int heldCount() {
        ThreadState ts = ThreadState.enter();
        if (ts == null) {
            return -1;
        }
        try {
            return ts.locks.size();
        } finally {
            ts.exit();
        }
    }
}

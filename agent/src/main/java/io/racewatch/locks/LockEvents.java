package io.racewatch.locks;

import java.util.List;

/**
 * What lock tracking tells the lock detectors. The detectors install themselves here at
 * start-up ({@link LockTracker#reportTo}), so this package never depends on them; until then
 * nothing is reported.
 */
public interface LockEvents {
    /** Reports nothing: the state before the detectors are installed. */
    LockEvents NONE = new LockEvents() {
        @Override
        public void nestedAcquire(LockProfile[] held, int[] heldSites, boolean[] kept, LockProfile taken, int site, String thread) {
        }

        @Override
        public void heldOrder(LockProfile held, int heldSite, LockProfile taken, int site, String thread,
                              List<OrderNode> gates, String[] stack) {
        }

        @Override
        public void longHold(int tid, LockProfile lock, int acquireSite, int releaseSite, long holdNs, String[] sample) {
        }
    };

    /**
     * {@code taken} was acquired at {@code site} while {@code held} (taken at {@code heldSites}) were
     * held, by a new edge. {@code kept}, when not null, marks the holds whose orders wait with the
     * hold ({@link ParkedOrders}): no edge starts from them now, but they are gates around the others.
     */
    void nestedAcquire(LockProfile[] held, int[] heldSites, boolean[] kept, LockProfile taken, int site, String thread);

    /**
     * {@code taken} was acquired at {@code site} while {@code held} was held by the only thread ever to
     * take it ({@link ParkedOrders}); that hold has ended now, so the order counts. {@code gates}: the
     * nodes of the other locks held then, {@code stack}: the stack when {@code taken} was acquired.
     */
    void heldOrder(LockProfile held, int heldSite, LockProfile taken, int site, String thread, List<OrderNode> gates, String[] stack);

    /** A hold of {@code lock} lasted {@code holdNs}, at least the threshold; {@code sample} is a stack taken during it, or null. */
    void longHold(int tid, LockProfile lock, int acquireSite, int releaseSite, long holdNs, String[] sample);
}

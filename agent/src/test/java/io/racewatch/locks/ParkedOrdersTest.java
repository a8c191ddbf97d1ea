package io.racewatch.locks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one hold keeps of the orders seen while only its thread ever took its lock. */
class ParkedOrdersTest {
    /** Records what the kept orders send on. */
    private static final class Sent implements LockEvents {
        final List<String> orders = new ArrayList<>();

        @Override
        public void nestedAcquire(LockProfile[] held, int[] heldSites, boolean[] kept, LockProfile taken, int site, String thread) {
            throw new AssertionError("kept orders are sent one by one");
        }

        @Override
        public void heldOrder(LockProfile held, int heldSite, LockProfile taken, int site, String thread,
                              List<OrderNode> gates, String[] stack) {
            orders.add(held + "@" + heldSite + " -> " + taken + "@" + site + " by " + thread + " gates " + gates);
        }

        @Override
        public void longHold(int tid, LockProfile lock, int acquireSite, int releaseSite, long holdNs, String[] sample) {
        }
    }

    private static LockProfile lock(String name) {
        return new LockProfile(name, "java.util.concurrent.locks.ReentrantLock");
    }

    @Test
    void eachLockIsKeptOnceAndSentWithWhereItWasTaken() {
        ParkedOrders parked = new ParkedOrders();
        LockProfile table = lock("Parked.table");
        LockProfile index = lock("Parked.index");
        assertFalse(parked.knows(table));
        parked.add(table, 11, "loader", null, List.of());
        parked.add(table, 12, "loader", null, List.of());
        parked.add(index, 13, "loader", null, List.of(table.node));
        assertTrue(parked.knows(table));
        Sent sent = new Sent();
        parked.confirm(sent, lock("Parked.entry"), 10);
        assertEquals(List.of("Parked.entry@10 -> Parked.table@11 by loader gates []",
            "Parked.entry@10 -> Parked.index@13 by loader gates [Parked.table]"), sent.orders);
    }

    @Test
    void manyObjectsOfOneNameLeaveRoomForOtherNames() {
        ParkedOrders parked = new ParkedOrders();
        for (int i = 0; i < InstancePairs.MAX; i++) {
            LockProfile page = lock("Parked.page");
            assertFalse(parked.knows(page));
            parked.add(page, i, "loader", null, List.of());
        }
        assertTrue(parked.knows(lock("Parked.page")), "as many objects of one name as an edge keeps");
        assertFalse(parked.knows(lock("Parked.other")));
    }

    @Test
    void aHoldKeepsABoundedNumberOfOrders() {
        ParkedOrders parked = new ParkedOrders();
        for (int i = 0; i < ParkedOrders.MAX; i++) {
            parked.add(lock("Parked.bounded" + i), i, "loader", null, List.of());
        }
        LockProfile late = lock("Parked.late");
        assertTrue(parked.knows(late), "full: nothing more is kept");
        Sent sent = new Sent();
        parked.confirm(sent, lock("Parked.holder"), 1);
        assertEquals(ParkedOrders.MAX, sent.orders.size());
    }
}

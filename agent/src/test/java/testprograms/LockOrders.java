package testprograms;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Two locks taken in opposite orders by two threads, one after the other (so this run never
 * deadlocks); and the correct twins: one order, or a gate lock around both orders.
 */
public final class LockOrders {
    private static final Object accounts = new Object();
    private static final Object ledger = new Object();
    private static final Object gate = new Object();
    private static final ReentrantLock stock = new ReentrantLock();
    private static final ReentrantLock orders = new ReentrantLock();

    static void accountsThenLedger() {
        synchronized (accounts) { // @outer-ab
            synchronized (ledger) { // @inner-ab
                gate.hashCode();
            }
        }
    }

    static void ledgerThenAccounts() {
        synchronized (ledger) { // @outer-ba
            synchronized (accounts) { // @inner-ba
                gate.hashCode();
            }
        }
    }

    static void stockThenOrders() {
        stock.lock();
        try {
            orders.lock();
            orders.unlock();
        } finally {
            stock.unlock();
        }
    }

    static void ordersThenStock() {
        orders.lock();
        try {
            stock.lock();
            stock.unlock();
        } finally {
            orders.unlock();
        }
    }

    /** A pool's lock (one field, so one lock name for every pool). */
    static final class Pool {
        final Object lock = new Object();
    }

    /** A connection that closes its own statement pool under its monitor (commons-dbcp2's shape). */
    static final class Conn {
        final Pool statements;

        Conn(Pool statements) {
            this.statements = statements;
        }

        synchronized void close() { // @conn-close
            synchronized (statements.lock) { // @statements-lock
                gate.hashCode();
            }
        }

        synchronized void flushInto(Pool pool) { // @conn-flush
            synchronized (pool.lock) { // @flush-pool-lock
                gate.hashCode();
            }
        }
    }

    static final Pool connections = new Pool();
    static final Conn conn = new Conn(new Pool());

    /** The connection pool returns a connection and closes it: its lock, the connection, the connection's statement pool. */
    static void closeUnderThePool() {
        synchronized (connections.lock) { // @pool-lock
            conn.close();
        }
    }

    /** The connection pool's lock, then the connection's monitor. */
    static void checkUnderThePool() {
        synchronized (connections.lock) { // @check-pool-lock
            synchronized (conn) { // @check-conn
                gate.hashCode();
            }
        }
    }

    /** Two lock names, each with two objects: the cycle is first seen across objects, then on one pair. */
    static final class Left {
        final Object lock = new Object();
    }

    static final class Right {
        final Object lock = new Object();
    }

    static final Left left1 = new Left();
    static final Left left2 = new Left();
    static final Right right1 = new Right();
    static final Right right2 = new Right();

    static void leftThenRight(Left l, Right r) {
        synchronized (l.lock) { // @lr-outer
            synchronized (r.lock) { // @lr-inner
                gate.hashCode();
            }
        }
    }

    static void rightThenLeft(Right r, Left l) {
        synchronized (r.lock) { // @rl-outer
            synchronized (l.lock) { // @rl-inner
                gate.hashCode();
            }
        }
    }

    /** Three lock names in a ring, one of them with a second object: the ring is closed twice, from two of its edges. */
    static final class Ring1 {
        final Object lock = new Object();
    }

    static final class Ring2 {
        final Object lock = new Object();
    }

    static final class Ring3 {
        final Object lock = new Object();
    }

    static final Ring1 ringOne = new Ring1();
    static final Ring1 ringOneAgain = new Ring1();
    static final Ring2 ringTwo = new Ring2();
    static final Ring2 ringTwoAgain = new Ring2();
    static final Ring3 ringThree = new Ring3();

    static void oneThenTwo(Ring1 one, Ring2 two) {
        synchronized (one.lock) {
            synchronized (two.lock) {
                gate.hashCode();
            }
        }
    }

    static void twoThenThree(Ring2 two, Ring3 three) {
        synchronized (two.lock) {
            synchronized (three.lock) {
                gate.hashCode();
            }
        }
    }

    static void threeThenOne(Ring3 three, Ring1 one) {
        synchronized (three.lock) {
            synchronized (one.lock) {
                gate.hashCode();
            }
        }
    }

    static void gated(Runnable body) {
        synchronized (gate) {
            body.run();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Runnable first;
        Runnable second;
        switch (args[0]) {
            case "inverted" -> {
                first = LockOrders::accountsThenLedger;
                second = LockOrders::ledgerThenAccounts;
            }
            case "inverted-locks" -> {
                first = LockOrders::stockThenOrders;
                second = LockOrders::ordersThenStock;
            }
            case "consistent" -> {
                first = LockOrders::accountsThenLedger;
                second = LockOrders::accountsThenLedger;
            }
            case "nested-pools" -> { // two pools of one class, nested by design: a cycle of names only
                first = LockOrders::closeUnderThePool;
                second = LockOrders::closeUnderThePool;
            }
            case "pool-inverted" -> { // the connection pool itself taken inside the connection: one object in both roles
                first = LockOrders::checkUnderThePool;
                second = () -> conn.flushInto(connections);
            }
            case "names-then-objects" -> { // across objects first (a prediction), then left1/right1 both ways
                first = () -> {
                    leftThenRight(left1, right1);
                    rightThenLeft(right2, left2);
                };
                second = () -> rightThenLeft(right1, left1);
            }
            case "names-only" -> { // the twin: the opposite order only ever on the other objects
                first = () -> {
                    leftThenRight(left1, right1);
                    rightThenLeft(right2, left2);
                };
                second = () -> rightThenLeft(right2, left2);
            }
            case "ring-closed-twice" -> { // the ring 1 -> 2 -> 3 -> 1, then new objects on its edge 1 -> 2: one cycle, one finding
                first = () -> {
                    oneThenTwo(ringOne, ringTwo);
                    twoThenThree(ringTwo, ringThree);
                };
                second = () -> {
                    threeThenOne(ringThree, ringOne);
                    oneThenTwo(ringOneAgain, ringTwoAgain);
                };
            }
            case "gated" -> {
                first = () -> gated(LockOrders::accountsThenLedger);
                second = () -> gated(LockOrders::ledgerThenAccounts);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        Thread a = new Thread(first, "transfer");
        a.start();
        a.join();
        Thread b = new Thread(second, "audit");
        b.start();
        b.join();
        System.out.println(args[0] + " done");
    }
}

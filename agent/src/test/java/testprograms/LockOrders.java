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

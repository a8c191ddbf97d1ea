package realprograms;

import org.apache.commons.dbcp.BasicDataSource;
import realprograms.jdbc.CounterDatabase;
import realprograms.jdbc.CounterDriver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * commons-dbcp 1.2.2 over commons-pool 1.5.x, used correctly: a BasicDataSource with fewer
 * connections than threads (threads wait in the pool), a validation query on borrow and pooled
 * prepared statements (a keyed pool per connection). Every thread borrows, updates, queries and
 * returns. Prints the counters and the pool's state at the end.
 */
public final class DbcpPool {
    private static final int THREADS = 4;
    private static final int ROUNDS = 100;
    private static final int KEYS = 5;
    private static final int MAX_ACTIVE = 3;

    private DbcpPool() {
    }

    public static void main(String[] args) throws Exception {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName(CounterDriver.class.getName());
        ds.setUrl(CounterDriver.URL);
        ds.setMaxActive(MAX_ACTIVE);
        ds.setMaxIdle(MAX_ACTIVE);
        ds.setMaxWait(60_000);
        ds.setValidationQuery("SELECT 1");
        ds.setTestOnBorrow(true);
        ds.setPoolPreparedStatements(true);

        AtomicInteger reads = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        String key = "k" + (i % KEYS);
                        try (Connection c = ds.getConnection()) {
                            try (Statement s = c.createStatement()) {
                                s.executeUpdate("INCR " + key);
                            }
                            try (PreparedStatement ps = c.prepareStatement("GET ?")) {
                                ps.setString(1, key);
                                try (ResultSet rs = ps.executeQuery()) {
                                    if (rs.next() && rs.getInt(1) >= 1) {
                                        reads.incrementAndGet();
                                    }
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "client-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        System.out.println("failures " + failures.size());
        failures.forEach(e -> e.printStackTrace(System.out));
        System.out.println("counters " + CounterDatabase.get().counters());
        System.out.println("reads that saw their own update " + reads.get());
        System.out.println("active after " + ds.getNumActive());
        int opened = CounterDatabase.get().connectionsOpened();
        // BasicDataSource opens one more at start to check its factory, and closes it
        System.out.println("physical connections within maxActive " + (opened >= 1 && opened <= MAX_ACTIVE + 1));
        ds.close();
        System.out.println("closed, idle " + ds.getNumIdle());
    }
}

package realprograms;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HikariCP 6 over an in-memory H2 database, used correctly: six clients share a pool of three
 * connections (they wait in HikariCP's {@code ConcurrentBag}, which hands a returned connection
 * to a waiter through a {@code SynchronousQueue} or lets it be stolen from the shared
 * {@code CopyOnWriteArrayList} by a compare-and-set on its state), each transaction updates and reads
 * a counter. Prints the counters and the pool's state at the end.
 */
public final class HikariPool {
    private static final int THREADS = 6;
    private static final int ROUNDS = 300;
    private static final int KEYS = 5;

    private HikariPool() {
    }

    public static void main(String[] args) throws Exception {
        int threads = THREADS;
        int rounds = ROUNDS;
        int keys = KEYS;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:hikari;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(60_000);
        config.setPoolName("counters");
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE counters(k VARCHAR(10) PRIMARY KEY, v INT)");
                for (int k = 0; k < keys; k++) {
                    s.execute("INSERT INTO counters VALUES('k" + k + "', 0)");
                }
            }
            AtomicInteger reads = new AtomicInteger();
            List<Throwable> failures = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            String key = "k" + (i % keys);
                            try (Connection c = ds.getConnection()) {
                                c.setAutoCommit(false);
                                try (PreparedStatement ps = c.prepareStatement("UPDATE counters SET v = v + 1 WHERE k = ?")) {
                                    ps.setString(1, key);
                                    ps.executeUpdate();
                                }
                                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM counters WHERE k = ?")) {
                                    ps.setString(1, key);
                                    try (ResultSet rs = ps.executeQuery()) {
                                        if (rs.next() && rs.getInt(1) >= 1) {
                                            reads.incrementAndGet();
                                        }
                                    }
                                }
                                c.commit();
                            }
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "client-" + t);
                all.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : all) {
                thread.join();
            }
            System.out.println("failures " + failures.size());
            for (Throwable f : failures) {
                f.printStackTrace();
            }
            System.out.println("reads " + reads.get());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT SUM(v) FROM counters")) {
                rs.next();
                System.out.println("total " + rs.getInt(1));
            }
            System.out.println("active after " + ds.getHikariPoolMXBean().getActiveConnections());
        }
    }
}

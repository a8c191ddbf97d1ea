package io.racewatch.bench.workloads.h2;

import io.racewatch.bench.workloads.Harness;
import io.racewatch.bench.workloads.Rounds;
import io.racewatch.bench.workloads.Workload;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * An embedded H2 database (in memory) under four concurrent JDBC clients, each making bank
 * transfers: two row updates taken in id order, an audit insert and a commit, and a balance read.
 * At the end, money is conserved and every transfer has its audit row.
 */
public final class H2Workload implements Workload {
    static final int CLIENTS = 4;
    static final int ACCOUNTS = 1_000;
    static final long OPENING_BALANCE = 1_000;

    private final int transfersPerRound;
    private final Connection[] connections = new Connection[CLIENTS];
    private final Rounds rounds = new Rounds("h2", CLIENTS);
    private long transfers;

    public H2Workload(double scale) throws SQLException {
        this.transfersPerRound = Math.max(1, (int) (20 * scale));
        // A fresh database per JVM; a long lock timeout so a slowed-down run waits instead of failing.
        String url = "jdbc:h2:mem:bench" + ProcessHandle.current().pid() + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000";
        for (int i = 0; i < CLIENTS; i++) {
            connections[i] = DriverManager.getConnection(url, "sa", "");
        }
        try (Statement s = connections[0].createStatement()) {
            s.execute("CREATE TABLE account(id INT PRIMARY KEY, owner VARCHAR(40), balance BIGINT NOT NULL)");
            s.execute("CREATE TABLE transfer(id BIGINT AUTO_INCREMENT PRIMARY KEY, src INT, dst INT, amount BIGINT)");
            s.execute("CREATE INDEX transfer_src ON transfer(src)");
        }
        try (PreparedStatement p = connections[0].prepareStatement("INSERT INTO account VALUES (?, ?, ?)")) {
            for (int id = 0; id < ACCOUNTS; id++) {
                p.setInt(1, id);
                p.setString(2, "owner-" + id);
                p.setLong(3, OPENING_BALANCE);
                p.addBatch();
            }
            p.executeBatch();
        }
        for (Connection c : connections) {
            c.setAutoCommit(false);
        }
    }

    @Override
    public long round(int index) throws Exception {
        long sum = rounds.run(index, this::client);
        transfers += (long) CLIENTS * transfersPerRound;
        return sum;
    }

    private long client(int client, int round) throws SQLException {
        Connection c = connections[client];
        Random random = new Random(31L * round + client);
        long checksum = 0;
        try (PreparedStatement debit = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?");
             PreparedStatement credit = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?");
             PreparedStatement audit = c.prepareStatement("INSERT INTO transfer(src, dst, amount) VALUES (?, ?, ?)");
             PreparedStatement read = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
            for (int i = 0; i < transfersPerRound; i++) {
                int a = random.nextInt(ACCOUNTS);
                int b = (a + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                long amount = 1 + random.nextInt(20);
                // Lock rows in id order so two clients never wait on each other in a cycle.
                int first = Math.min(a, b);
                int second = Math.max(a, b);
                update(first == a ? debit : credit, amount, first);
                update(second == a ? debit : credit, amount, second);
                audit.setInt(1, a);
                audit.setInt(2, b);
                audit.setLong(3, amount);
                audit.executeUpdate();
                c.commit();
                read.setInt(1, b);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    checksum += rs.getLong(1);
                }
                c.commit();
            }
        }
        return checksum;
    }

    private static void update(PreparedStatement p, long amount, int id) throws SQLException {
        p.setLong(1, amount);
        p.setInt(2, id);
        p.executeUpdate();
    }

    @Override
    public void verify() throws SQLException {
        try (Statement s = connections[0].createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT SUM(balance) FROM account), (SELECT COUNT(*) FROM transfer)")) {
            rs.next();
            if (rs.getLong(1) != ACCOUNTS * OPENING_BALANCE || rs.getLong(2) != transfers) {
                throw new IllegalStateException("total " + rs.getLong(1) + ", transfers " + rs.getLong(2) + " of " + transfers);
            }
        }
    }

    @Override
    public void close() throws Exception {
        rounds.close();
        try (Statement s = connections[0].createStatement()) {
            s.execute("SHUTDOWN");
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException alreadyClosedByShutdown) {
                // SHUTDOWN closed it.
            }
        }
    }

    public static void main(String[] args) {
        Harness.main("h2", args, H2Workload::new);
    }
}

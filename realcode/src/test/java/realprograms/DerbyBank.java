package realprograms;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Apache Derby 10.x embedded (Java 1.4 class files), in memory, used correctly by concurrent JDBC
 * clients, each on its own connection: transfers (two row updates in id order, an audit insert,
 * commit) and read-committed sums of all balances (load only: such a sum may see half a transfer). A transfer that Derby rolls back (deadlock or
 * lock timeout) is retried, so every transfer commits exactly once and the final balances do not
 * depend on the interleaving: the driver prints them, the audit count and that money was conserved.
 */
public final class DerbyBank {
    private static final String URL = "jdbc:derby:memory:bank";
    private static final int THREADS = 4;
    private static final int TRANSFERS = 60;
    private static final int ACCOUNTS = 8;
    private static final int OPENING_BALANCE = 1_000;

    /** Where Derby's log goes ({@code derby.stream.error.field}): nowhere, so that no file is left behind. */
    public static final OutputStream NO_LOG = OutputStream.nullOutputStream();

    private DerbyBank() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("derby.stream.error.field", DerbyBank.class.getName() + ".NO_LOG");
        try (Connection c = DriverManager.getConnection(URL + ";create=true"); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)");
            s.executeUpdate("CREATE TABLE audit (id INT GENERATED ALWAYS AS IDENTITY, source INT, target INT, amount INT)");
            for (int id = 0; id < ACCOUNTS; id++) {
                s.executeUpdate("INSERT INTO account VALUES (" + id + ", " + OPENING_BALANCE + ")");
            }
        }

        List<Throwable> failures = Clients.runTogether(THREADS, "client", (client, start) -> {
            try (Connection c = DriverManager.getConnection(URL)) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                start.await();
                for (int i = 0; i < TRANSFERS; i++) {
                    int source = (client + i) % ACCOUNTS;
                    int target = (client * 3 + i * 5 + 1) % ACCOUNTS;
                    if (source == target) {
                        target = (target + 1) % ACCOUNTS;
                    }
                    transferCommitted(c, source, target, 1 + (client * 7 + i) % 13);
                    if (i % 10 == 0) {
                        // read committed may see a transfer half (rows read before and after it): only load, not checked
                        total(c);
                    }
                }
            }
        });

        System.out.println("failures " + failures.size());
        failures.forEach(e -> e.printStackTrace(System.out));
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            StringBuilder balances = new StringBuilder();
            try (ResultSet rs = s.executeQuery("SELECT id, balance FROM account ORDER BY id")) {
                while (rs.next()) {
                    balances.append(rs.getInt(1)).append('=').append(rs.getInt(2)).append(' ');
                }
            }
            System.out.println("balances " + balances.toString().trim());
            System.out.println("money conserved " + (total(c) == ACCOUNTS * OPENING_BALANCE));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit")) {
                rs.next();
                System.out.println("audited transfers " + rs.getInt(1));
            }
        }
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true");
        } catch (SQLException e) {
            // Derby signals a clean engine shutdown with XJ015
            System.out.println("shut down " + "XJ015".equals(e.getSQLState()));
        }
    }

    /** One transfer, retried until it commits: rows updated in id order, as a careful client does. */
    private static void transferCommitted(Connection c, int source, int target, int amount) throws SQLException {
        while (true) {
            try {
                int low = Math.min(source, target);
                int high = Math.max(source, target);
                update(c, low, low == source ? -amount : amount);
                update(c, high, high == source ? -amount : amount);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (source, target, amount) VALUES (?, ?, ?)")) {
                    ps.setInt(1, source);
                    ps.setInt(2, target);
                    ps.setInt(3, amount);
                    ps.executeUpdate();
                }
                c.commit();
                return;
            } catch (SQLException e) {
                c.rollback();
                // 40001 deadlock, 40XL1 lock timeout: Derby rolled the transfer back, so try again
                if (!"40001".equals(e.getSQLState()) && !"40XL1".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private static void update(Connection c, int id, int delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
            ps.setInt(1, delta);
            ps.setInt(2, id);
            ps.executeUpdate();
        }
    }

    private static int total(Connection c) throws SQLException {
        int sum;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(balance) FROM account")) {
            rs.next();
            sum = rs.getInt(1);
        }
        c.commit();
        return sum;
    }
}

package realprograms.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A tiny in-memory JDBC driver for {@code jdbc:counter:} URLs, enough for a connection pool:
 * {@code INCR key} as an update, {@code GET ?} as a prepared query, {@code SELECT 1} as a validation
 * query. Connections, statements and result sets are dynamic proxies: each one a thread confined
 * object, as JDBC objects are used.
 */
public final class CounterDriver implements Driver {
    public static final String URL = "jdbc:counter:mem";

    static {
        try {
            DriverManager.registerDriver(new CounterDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) {
        if (!acceptsURL(url)) {
            return null;
        }
        CounterDatabase.get().opened();
        return proxy(Connection.class, new ConnectionHandler());
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:counter:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(CounterDriver.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** What a JDBC method not modelled here returns: nothing, false or zero. */
    private static Object neutral(Method method) {
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return type == long.class ? (Object) 0L : (Object) 0;
        }
        return null;
    }

    /** Object's own methods on a proxy: identity semantics. */
    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return proxy.getClass().getInterfaces()[0].getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private boolean closed;
        private boolean autoCommit = true;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            switch (method.getName()) {
                case "close":
                    closed = true;
                    return null;
                case "isClosed":
                    return closed;
                case "getAutoCommit":
                    return autoCommit;
                case "setAutoCommit":
                    autoCommit = (Boolean) args[0];
                    return null;
                case "getTransactionIsolation":
                    return Connection.TRANSACTION_READ_COMMITTED;
                case "createStatement":
                    checkOpen();
                    return proxy(Statement.class, new StatementHandler(proxy, null));
                case "prepareStatement":
                    checkOpen();
                    return proxy(PreparedStatement.class, new StatementHandler(proxy, (String) args[0]));
                default:
                    return neutral(method);
            }
        }

        private void checkOpen() throws SQLException {
            if (closed) {
                throw new SQLException("connection closed");
            }
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Object connection;
        private final String preparedSql;
        private String parameter;

        StatementHandler(Object connection, String preparedSql) {
            this.connection = connection;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            switch (method.getName()) {
                case "getConnection":
                    return connection;
                case "setString":
                    parameter = (String) args[1];
                    return null;
                case "clearParameters":
                    parameter = null;
                    return null;
                case "executeUpdate":
                    return update((String) args[0]);
                case "executeQuery":
                    return query(args == null ? preparedSql : (String) args[0]);
                default:
                    return neutral(method);
            }
        }

        private int update(String sql) throws SQLException {
            if (!sql.startsWith("INCR ")) {
                throw new SQLException("unknown update: " + sql);
            }
            CounterDatabase.get().increment(sql.substring(5));
            return 1;
        }

        private ResultSet query(String sql) throws SQLException {
            if (sql.equals("SELECT 1")) {
                return proxy(ResultSet.class, new ResultSetHandler(1));
            }
            if (sql.equals("GET ?") && parameter != null) {
                return proxy(ResultSet.class, new ResultSetHandler(CounterDatabase.get().value(parameter)));
            }
            throw new SQLException("unknown query: " + sql + " with " + parameter);
        }
    }

    /** One row, one int column. */
    private static final class ResultSetHandler implements InvocationHandler {
        private final int value;
        private boolean beforeRow = true;

        ResultSetHandler(int value) {
            this.value = value;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            switch (method.getName()) {
                case "next":
                    boolean hasRow = beforeRow;
                    beforeRow = false;
                    return hasRow;
                case "getInt":
                    return value;
                default:
                    return neutral(method);
            }
        }
    }
}

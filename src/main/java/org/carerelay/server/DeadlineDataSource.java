package org.carerelay.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The datasource every part of the server uses, with each statement bounded by the deadline of the request that runs
 * it: a JDBC query timeout of the seconds left. A statement the database cancels for that reason fails with a
 * {@link SQLTimeoutException} that names the setting, so that the refusal can be told from a server failure however
 * HAPI wraps it. Statements on threads without a request get no timeout, explicitly: H2 keeps a query timeout on the
 * connection, and a pooled connection must not carry one request's limit into a migration or a batch job. A request
 * that found the database unreachable is not made to wait for the pool again.
 */
final class DeadlineDataSource extends DelegatingDataSource {

    static final String SQL_STATE_CANCELLED = "57014";

    DeadlineDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseIfFoundUnreachable();
        try {
            return connection(super.getConnection());
        } catch (SQLTransientConnectionException e) {
            RequestDeadline.databaseUnreachable();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseIfFoundUnreachable();
        try {
            return connection(super.getConnection(username, password));
        } catch (SQLTransientConnectionException e) {
            RequestDeadline.databaseUnreachable();
            throw e;
        }
    }

    // HAPI tries again after a failed search, to record the failure; one wait for the pool is enough for a request.
    private static void refuseIfFoundUnreachable() throws SQLTransientConnectionException {
        if (RequestDeadline.databaseFoundUnreachable()) {
            throw new SQLTransientConnectionException("The database is unreachable (found so earlier in this request)");
        }
    }

    private static Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(
                DeadlineDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Statement statement && createsAStatement(method)) {
                        return bounded(statement);
                    }
                    return result;
                });
    }

    // prepareStatement, prepareCall, createStatement: asked on every call through the connection, so no pattern
    private static boolean createsAStatement(Method method) {
        String name = method.getName();
        return name.startsWith("prepare") || name.equals("createStatement");
    }

    private static Statement bounded(Statement target) throws SQLException {
        OptionalInt seconds = RequestDeadline.secondsLeft();
        limit(target, seconds.orElse(0));
        Class<?> type = target instanceof CallableStatement
                ? CallableStatement.class
                : target instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        InvocationHandler handler = (proxy, method, args) -> {
            if (isIdentity(method)) {
                return identity(proxy, method, args);
            }
            if (method.getName().equals("setQueryTimeout")) {
                // Hibernate sets 0 before it closes a statement; within a request the deadline stays, as it is now
                // (on H2 the timeout is the connection's, so an older statement's seconds would lengthen it)
                int asked = (Integer) args[0];
                OptionalInt left = seconds.isEmpty() ? seconds : RequestDeadline.secondsLeft();
                limit(target, left.isEmpty() ? asked : asked == 0 ? left.getAsInt() : Math.min(asked, left.getAsInt()));
                return null;
            }
            try {
                return invoke(target, method, args);
            } catch (SQLException e) {
                if (seconds.isPresent() && method.getName().startsWith("execute") && cancelled(e)) {
                    SQLTimeoutException timeout = new SQLTimeoutException(
                            "The request ran past its deadline (" + RequestDeadline.SETTING + ")", SQL_STATE_CANCELLED);
                    timeout.addSuppressed(e);
                    throw timeout;
                }
                throw e;
            }
        };
        return (Statement)
                Proxy.newProxyInstance(DeadlineDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /**
     * Sets a statement's timeout only when it changes. H2 keeps the timeout on the connection and sets it with a
     * {@code SET QUERY_TIMEOUT} statement, which H2 takes for a change of the schema: every connection then parses and
     * plans its next statements afresh. Set for every statement (and reset by Hibernate after it), that was twice per
     * statement. So on H2 a connection back in the pool keeps the last request's limit (at least a second) until its
     * next statement sets 0; commit, rollback and the pool's validity check run under it.
     */
    private static void limit(Statement target, int seconds) throws SQLException {
        if (target.getQueryTimeout() != seconds) {
            target.setQueryTimeout(seconds);
        }
    }

    private static boolean cancelled(SQLException e) {
        return e instanceof SQLTimeoutException || SQL_STATE_CANCELLED.equals(e.getSQLState());
    }

    // Hibernate keeps statements in hash maps; a proxy must be equal to itself, not to what it wraps.
    private static boolean isIdentity(Method method) {
        return method.getDeclaringClass() == Object.class;
    }

    private static Object identity(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> proxy.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(proxy));
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

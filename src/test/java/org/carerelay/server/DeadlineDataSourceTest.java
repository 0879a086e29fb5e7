package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The deadline reaches the database only when a statement's timeout changes: H2 sets it with a statement that makes
 * every connection parse and plan afresh, so setting it for every statement (and letting Hibernate reset it after
 * each) made H2 re-plan everything all the time.
 */
class DeadlineDataSourceTest {

    private final List<Integer> set = new ArrayList<>();
    private final DataSource database;

    DeadlineDataSourceTest() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:deadline-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database = new DeadlineDataSource(counting(new SingleConnectionDataSource(connection(h2), true)));
    }

    @Test
    void withinARequestTheDeadlineIsSetOnceAndHibernatesResetIsNotPassedOn() throws Exception {
        List<Integer> seen = new ArrayList<>();

        inRequest(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 5; i++) {
                try (PreparedStatement statement = database.getConnection().prepareStatement("SELECT 1")) {
                    seen.add(statement.getQueryTimeout());
                    statement.executeQuery().close();
                    resetAsHibernateDoes(statement);
                }
            }
        });

        assertThat(seen).containsOnly(30).hasSize(5);
        assertThat(set).containsExactly(30);
    }

    @Test
    void outsideARequestStatementsRunWithoutALimitSetOnceAgain() throws Exception {
        inRequest(
                Duration.ofSeconds(30),
                () -> database.getConnection().createStatement().close());

        try (Statement statement = database.getConnection().createStatement()) {
            assertThat(statement.getQueryTimeout()).isZero();
        }
        try (Statement statement = database.getConnection().createStatement()) {
            assertThat(statement.getQueryTimeout()).isZero();
        }

        assertThat(set).containsExactly(30, 0);
    }

    @Test
    void aShorterTimeoutAskedForWithinARequestIsKeptALongerOneIsCutToTheDeadline() throws Exception {
        List<Integer> seen = new ArrayList<>();

        inRequest(Duration.ofSeconds(30), () -> {
            try (Statement statement = database.getConnection().createStatement()) {
                statement.setQueryTimeout(5);
                seen.add(statement.getQueryTimeout());
                statement.setQueryTimeout(100);
                seen.add(statement.getQueryTimeout());
            }
        });

        assertThat(seen).containsExactly(5, 30);
        assertThat(set).containsExactly(30, 5, 30);
    }

    private static void resetAsHibernateDoes(Statement statement) throws SQLException {
        if (statement.getQueryTimeout() != 0) {
            statement.setQueryTimeout(0);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static void inRequest(Duration timeout, Work work) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        new RequestDeadline(timeout)
                .doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (request, response) -> {
                    try {
                        work.run();
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static Connection connection(JdbcDataSource h2) {
        try {
            return h2.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database beneath, with every timeout that reaches its statements noted. */
    private DataSource counting(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            Object result = call(connection, method, args);
                            if (result instanceof Statement statement) {
                                Class<?> type = statement instanceof PreparedStatement
                                        ? PreparedStatement.class
                                        : Statement.class;
                                return Proxy.newProxyInstance(
                                        getClass().getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                                            if (m.getName().equals("setQueryTimeout")) {
                                                set.add((Integer) a[0]);
                                            }
                                            return call(statement, m, a);
                                        });
                            }
                            return result;
                        });
            }
        };
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

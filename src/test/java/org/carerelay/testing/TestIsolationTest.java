package org.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class TestIsolationTest {

    @Test
    void theUsersEmbeddedDatabaseIsRefused() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE")
                .withProperty("server.port", "0");

        assertThat(TestIsolation.problems(environment))
                .containsExactly("spring.datasource.url is jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE, not a"
                        + " database created by TestDatabase");
    }

    @Test
    void aPostgresqlTheTestDidNotCreateIsRefused() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://localhost:5432/carerelay")
                .withProperty("server.port", "0");

        assertThat(TestIsolation.problems(environment))
                .containsExactly("spring.datasource.url is jdbc:postgresql://localhost:5432/carerelay, not a database"
                        + " created by TestDatabase");
    }

    @Test
    void theDefaultPortsAreRefused() {
        String created = TestDatabase.freshDatabase().get("spring.datasource.url");
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", created)
                .withProperty("server.port", "8080")
                .withProperty("management.server.port", "8081");

        assertThat(TestIsolation.problems(environment))
                .containsExactly(
                        "server.port is 8080, not 0 or a ReservedPort (a free port picked by the system)",
                        "management.server.port is 8081, not 0 or a ReservedPort (a free port picked by the system)");
    }

    @Test
    void aDatabaseTheTestCreatedOnAFreePortPasses() {
        String created = TestDatabase.freshDatabase().get("spring.datasource.url");
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", created)
                .withProperty("server.port", "0");

        assertThat(created).contains("/target/it-h2/");
        assertThat(TestIsolation.problems(environment)).isEmpty();
    }

    @Test
    void aReservedPortPassesAndAnUnreservedOneDoesNot() {
        String created = TestDatabase.freshDatabase().get("spring.datasource.url");
        int reserved = ReservedPort.reserve();
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", created)
                .withProperty("server.port", Integer.toString(reserved))
                .withProperty("management.server.port", Integer.toString(reserved + 1));

        assertThat(TestIsolation.problems(environment))
                .containsExactly("management.server.port is " + (reserved + 1)
                        + ", not 0 or a ReservedPort (a free port picked by the system)");
    }
}

package org.carerelay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Delivered notifications are deleted once older than kept; undelivered ones stay, and event numbers go on. */
class OutboxPurgeTest {

    @Test
    void onlyNotificationsDeliveredBeforeTheCutOffAreDeleted() {
        JdbcDataSource dataSource = new JdbcDataSource();
        // an in-memory database of this test's own
        dataSource.setURL("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Outbox outbox = new Outbox(dataSource);
        outbox.save(
                "s1",
                new Outbox.Definition(
                        "Patient",
                        "Patient?family=x",
                        "rest-hook",
                        "http://localhost/hook",
                        null,
                        List.of(),
                        "active",
                        null,
                        null,
                        null,
                        null),
                0);
        for (int i = 0; i < 3; i++) {
            outbox.add("s1", "Patient", "p" + i, "1", number -> "{}", 10);
        }
        List<Outbox.Notification> all = outbox.events("s1", 1, 3, 10);
        outbox.delivered(all.get(0).id(), "s1", 100);
        outbox.delivered(all.get(1).id(), "s1", 200);

        assertThat(outbox.purge(150)).isEqualTo(1);

        assertThat(outbox.events("s1", 1, 10, 10).stream()
                        .map(Outbox.Notification::eventNumber)
                        .toList())
                .containsExactly(2L, 3L);
        assertThat(outbox.purge(150)).isZero();
        assertThat(outbox.add("s1", "Patient", "p4", "1", number -> "{}", 300)).isEqualTo(4);
    }
}

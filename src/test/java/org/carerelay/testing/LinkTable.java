package org.carerelay.testing;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fresh in-memory H2 with HAPI's reference index as HAPI 8.8 creates it: the link table and its two indexes. */
public final class LinkTable {

    private LinkTable() {}

    /** A new database of its own (named after {@code name}) holding an empty {@code HFJ_RES_LINK}. */
    public static JdbcTemplate inNewDatabase(String name) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        jdbc.execute("CREATE TABLE HFJ_RES_LINK (PID BIGINT PRIMARY KEY, SRC_RESOURCE_ID BIGINT, SRC_PATH VARCHAR(500),"
                + " TARGET_RESOURCE_ID BIGINT, TARGET_RESOURCE_TYPE VARCHAR(40), PARTITION_ID INT)");
        jdbc.execute("CREATE INDEX IDX_RL_SRC ON HFJ_RES_LINK (SRC_RESOURCE_ID)");
        jdbc.execute("CREATE INDEX IDX_RL_TGT_V2 ON HFJ_RES_LINK (TARGET_RESOURCE_ID, SRC_PATH, SRC_RESOURCE_ID,"
                + " TARGET_RESOURCE_TYPE, PARTITION_ID)");
        return jdbc;
    }
}

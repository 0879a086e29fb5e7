package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.carerelay.testing.LinkTable;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class H2PlansTest {

    /** HAPI 8.8's first query of {@code Patient/[id]/$everything}, as it reaches the database. */
    static final String EVERYTHING =
            "SELECT DISTINCT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0 INNER JOIN HFJ_RESOURCE t1"
                    + " ON (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE ((t0.TARGET_RESOURCE_ID = ?) AND (t1.RES_DELETED_AT IS NULL)"
                    + " AND (NOT (t1.RES_TYPE IN (?,?) ))) GROUP BY t0.SRC_RESOURCE_ID ORDER BY t0.SRC_RESOURCE_ID"
                    + " fetch first ? rows only";

    @Test
    void theLinksToATargetAreReadThroughTheTargetIndex() {
        assertThat(H2Plans.withTargetIndex(EVERYTHING, "IDX_RL_TGT_V2"))
                .isEqualTo(EVERYTHING.replace(
                        "FROM HFJ_RES_LINK t0 INNER", "FROM HFJ_RES_LINK t0 USE INDEX (\"IDX_RL_TGT_V2\") INNER"));
    }

    @Test
    void soAreTheLinksToSeveralTargets() {
        String several = EVERYTHING.replace("TARGET_RESOURCE_ID = ?", "TARGET_RESOURCE_ID IN (?,?,?)");

        assertThat(H2Plans.withTargetIndex(several, "IDX_RL_TGT_v2"))
                .contains("FROM HFJ_RES_LINK t0 USE INDEX (\"IDX_RL_TGT_v2\") INNER JOIN HFJ_RESOURCE t1");
    }

    @Test
    void everyOtherQueryIsLeftAsItIs() {
        for (String sql : List.of(
                "select rl1_0.TARGET_RESOURCE_ID from HFJ_RES_LINK rl1_0 where rl1_0.SRC_RESOURCE_ID in (?,?)",
                "SELECT t0.RES_ID FROM HFJ_RESOURCE t0 WHERE ((t0.RES_TYPE = ?) AND (t0.RES_DELETED_AT IS NULL))",
                "SELECT t0.SRC_RESOURCE_ID FROM HFJ_RES_LINK t0 INNER JOIN HFJ_RESOURCE t1 ON"
                        + " (t0.SRC_RESOURCE_ID = t1.RES_ID) WHERE ((t0.SRC_PATH = ?) AND (t0.TARGET_RESOURCE_ID = ?))",
                EVERYTHING.replace("TARGET_RESOURCE_ID = ?", "SRC_RESOURCE_ID = ?"))) {
            assertThat(H2Plans.withTargetIndex(sql, "IDX_RL_TGT_V2")).isEqualTo(sql);
        }
    }

    @Test
    void nothingIsRewrittenBeforeTheIndexIsFoundNorOnAnotherDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:h2plans-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        H2Plans plans = new H2Plans(database, "jdbc:h2:mem:x");
        assertThat(plans.inspect(EVERYTHING)).isEqualTo(EVERYTHING);

        plans.findTheTargetIndex(); // no such table: nothing found
        assertThat(plans.inspect(EVERYTHING)).isEqualTo(EVERYTHING);

        H2Plans postgres = new H2Plans(database, "jdbc:postgresql://localhost/carerelay");
        postgres.findTheTargetIndex();
        assertThat(postgres.applies()).isFalse();
        assertThat(postgres.inspect(EVERYTHING)).isEqualTo(EVERYTHING);
    }

    /**
     * A database shaped like a stored population (many resources, a few targets linked from everywhere, each patient
     * linked from its own records): with the hint H2 reads the patient's links through the target index and answers
     * the same rows as without it.
     */
    @Test
    void onAPopulationH2ReadsThePatientsLinksThroughTheIndexAndAnswersTheSame() {
        JdbcTemplate jdbc = LinkTable.inNewDatabase("h2plans");
        jdbc.execute("CREATE TABLE HFJ_RESOURCE (RES_ID BIGINT PRIMARY KEY, RES_TYPE VARCHAR(40),"
                + " RES_DELETED_AT TIMESTAMP)");
        // 200 patients of 100 records each; every record links to its patient and to one of five practitioners
        jdbc.update("INSERT INTO HFJ_RESOURCE SELECT X, CASE WHEN MOD(X, 100) = 0 THEN 'Patient' ELSE 'Observation'"
                + " END, NULL FROM SYSTEM_RANGE(1, 20000)");
        jdbc.update("INSERT INTO HFJ_RES_LINK SELECT X, X, 'Observation.subject', (X / 100) * 100, 'Patient', NULL"
                + " FROM SYSTEM_RANGE(1, 20000) WHERE MOD(X, 100) <> 0");
        jdbc.update("INSERT INTO HFJ_RES_LINK SELECT 100000 + X, X, 'Observation.performer', 20001 + MOD(X, 5),"
                + " 'Practitioner', NULL FROM SYSTEM_RANGE(1, 20000)");
        jdbc.execute("ANALYZE");
        H2Plans plans = new H2Plans(jdbc.getDataSource(), "jdbc:h2:mem:x");
        plans.findTheTargetIndex();
        String patient = EVERYTHING
                .replace("TARGET_RESOURCE_ID = ?", "TARGET_RESOURCE_ID = 19800")
                .replace("IN (?,?)", "IN ('Group','List')")
                .replace("fetch first ? rows", "fetch first 21 rows");

        String hinted = plans.inspect(patient);
        // why the hint: left alone, H2 walks the resource table for the page (when an H2 upgrade stops doing so, the
        // hint can go)
        assertThat(jdbc.queryForObject("EXPLAIN " + patient, String.class)).contains("PUBLIC.HFJ_RESOURCE.tableScan");

        assertThat(jdbc.queryForObject("EXPLAIN " + hinted, String.class))
                .contains("PUBLIC.IDX_RL_TGT_V2: TARGET_RESOURCE_ID = CAST(19800 AS BIGINT)");
        assertThat(jdbc.queryForList(hinted, Long.class))
                .hasSize(21)
                .isEqualTo(jdbc.queryForList(patient, Long.class))
                .startsWith(19801L, 19802L);
    }
}

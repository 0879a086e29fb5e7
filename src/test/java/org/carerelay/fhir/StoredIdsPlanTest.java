package org.carerelay.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.LinkTable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class StoredIdsPlanTest {

    /**
     * A patient linked from a chart of 5,000 records and from 3 care teams: the care teams' links are found through
     * both columns of HAPI's target index, not by reading the whole chart's links.
     */
    @Test
    void theLinksOfOnePathAreReadWithoutTheRestOfTheChart() {
        JdbcTemplate jdbc = LinkTable.inNewDatabase("storedids");
        jdbc.update("INSERT INTO HFJ_RES_LINK SELECT X, X, 'Observation.subject', 1, 'Patient', NULL"
                + " FROM SYSTEM_RANGE(10, 5009)");
        jdbc.update("INSERT INTO HFJ_RES_LINK SELECT X, X, 'CareTeam.subject', 1, 'Patient', NULL"
                + " FROM SYSTEM_RANGE(6001, 6003)");
        jdbc.execute("ANALYZE");
        String careTeams = StoredIds.REFERENCING.replace(":target", "1").replace(":path", "'CareTeam.subject'");

        assertThat(jdbc.queryForObject("EXPLAIN ANALYZE " + careTeams, String.class))
                .contains(
                        "IDX_RL_TGT_V2: TARGET_RESOURCE_ID = CAST(1 AS BIGINT)\n        AND SRC_PATH = 'CareTeam.subject'")
                .contains("scanCount: 4");
        assertThat(jdbc.queryForList(careTeams, Long.class)).containsExactly(6001L, 6002L, 6003L);
    }
}

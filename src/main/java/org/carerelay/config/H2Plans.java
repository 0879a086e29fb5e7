package org.carerelay.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Names the index H2 must use where its planner picks a scan of the whole database. HAPI finds what links to a
 * resource ({@code Patient/[id]/$everything}, {@code Encounter/[id]/$everything}) with one query: the links whose
 * target is the resource, joined to their source rows, ordered by source and cut at a page. With {@code ORDER BY} and
 * {@code FETCH FIRST} H2 walks the whole resource table in id order and looks up each row's links, hoping to stop
 * early (on the Synthea population: 28,000 rows and 128,000 link lookups, 90 ms warm), where the target index finds
 * the patient's few hundred links at once (under 1 ms). PostgreSQL plans this itself.
 *
 * <p>The hint names HAPI's target index ({@code IDX_RL_TGT_v2}) as the database stores it, looked up once the schema
 * is in place; without it nothing is rewritten.
 */
final class H2Plans implements StatementInspector {

    private static final Logger log = LoggerFactory.getLogger(H2Plans.class);

    /** HAPI's query for what links to given targets: the link table first, restricted by target, joined to sources. */
    static final Pattern LINKS_TO_TARGETS = Pattern.compile(
            "FROM HFJ_RES_LINK (t\\d+) (INNER JOIN HFJ_RESOURCE t\\d+ ON \\(\\1\\.SRC_RESOURCE_ID = t\\d+\\.RES_ID\\)"
                    + " WHERE \\(\\(\\1\\.TARGET_RESOURCE_ID (?:=|IN))");

    private final JdbcTemplate jdbc;
    private final boolean h2;
    private volatile String targetIndex;

    H2Plans(DataSource dataSource, String jdbcUrl) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.h2 = jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:");
    }

    /** Whether this database is H2, the only one whose queries are rewritten. */
    boolean applies() {
        return h2;
    }

    @EventListener(ApplicationReadyEvent.class)
    void findTheTargetIndex() {
        if (!h2) {
            return;
        }
        try {
            List<String> names = jdbc.queryForList(
                    "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'HFJ_RES_LINK'"
                            + " AND UPPER(INDEX_NAME) = 'IDX_RL_TGT_V2'",
                    String.class);
            targetIndex = names.isEmpty() ? null : names.get(0);
            if (targetIndex == null) {
                log.info("HAPI's link target index is missing; H2 plans its link queries alone");
            }
        } catch (RuntimeException e) {
            log.warn("H2's indexes could not be read ({}); H2 plans its link queries alone", e.getMessage());
        }
    }

    @Override
    public String inspect(String sql) {
        String index = targetIndex;
        return index == null ? sql : withTargetIndex(sql, index);
    }

    /** The query with the link table read through the given index, if it is HAPI's query for links to targets. */
    static String withTargetIndex(String sql, String index) {
        Matcher matcher = LINKS_TO_TARGETS.matcher(sql);
        if (!matcher.find()) {
            return sql;
        }
        String hint = "USE INDEX (\"" + index.replace("\"", "\"\"") + "\")";
        return sql.substring(0, matcher.start())
                + "FROM HFJ_RES_LINK " + matcher.group(1) + " " + hint + " " + matcher.group(2)
                + sql.substring(matcher.end());
    }
}

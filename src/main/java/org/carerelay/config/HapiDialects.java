package org.carerelay.config;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;

/**
 * HAPI needs its own Hibernate dialects; the operator should only have to name the database. An explicit
 * {@code spring.jpa.properties.hibernate.dialect} still wins.
 */
final class HapiDialects {

    private HapiDialects() {}

    static String forUrl(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            return HapiFhirPostgresDialect.class.getName();
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
            return HapiFhirH2Dialect.class.getName();
        }
        throw new IllegalStateException("CareRelay runs on H2 or PostgreSQL; spring.datasource.url is " + jdbcUrl
                + ". For another database set spring.jpa.properties.hibernate.dialect to a HAPI FHIR dialect.");
    }
}

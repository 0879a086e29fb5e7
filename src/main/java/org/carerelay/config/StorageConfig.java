package org.carerelay.config;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.model.HistoryCountModeEnum;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/** The HAPI JPA storage layer for R4 only, on the datasource Spring Boot configures. */
@Configuration
@EnableTransactionManagement
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class,
    // batch2 work queues run on the in-memory channels this configuration provides
    SubscriptionChannelConfig.class
})
class StorageConfig {

    /** How long a search's stored results may answer the same search while nothing has been written since. */
    static final Duration REUSE_RESULTS_FOR = Duration.ofSeconds(60);

    @Bean
    JpaStorageSettings storageSettings(CareRelayProperties properties, DataSourceProperties dataSource) {
        JpaStorageSettings settings = new JpaStorageSettings();
        // No anonymous caller may erase data in bulk.
        settings.setExpungeEnabled(false);
        settings.setDeleteExpungeEnabled(false);
        settings.setAllowMultipleDelete(false);
        // Absolute references to other servers are normal between organisations; they are stored, never fetched.
        settings.setAllowExternalReferences(true);
        settings.setAutoCreatePlaceholderReferenceTargets(false);
        settings.setEnforceReferentialIntegrityOnWrite(true);
        settings.setEnforceReferentialIntegrityOnDelete(true);
        settings.setAllowInlineMatchUrlReferences(true);
        // A repeated search is answered from the results stored for it only while nothing it could match has been
        // written since (server/SearchReuse); HAPI alone would reuse them for a minute whatever was written.
        Duration reuse = reuseResultsFor(properties.paging().reuseResultsFor(), dataSource.determineUrl());
        settings.setReuseCachedSearchResultsForMillis(reuse.isZero() ? null : reuse.toMillis());
        settings.setHistoryCountMode(HistoryCountModeEnum.COUNT_ACCURATE);
        settings.setHibernateSearchIndexFullText(false);
        settings.setHibernateSearchIndexSearchParams(false);
        settings.setFetchSizeDefaultMaximum(properties.paging().maxPageSize());
        settings.setMaximumTransactionBundleSize(properties.limits().maxTransactionEntries());
        // Clients may PUT any valid id (EHRs send numeric ones too); the server's own ids are UUIDs so they never
        // clash.
        settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ANY);
        settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
        return settings;
    }

    /**
     * The configured reuse, or by default a minute when no other process can write to the database: whether a write
     * came after a stored search is known only to the process that made the write, so on a database several servers
     * share (PostgreSQL, an H2 server or H2's automatic mixed mode) the default is none.
     */
    static Duration reuseResultsFor(Duration configured, String jdbcUrl) {
        if (configured != null) {
            return configured.isNegative() ? Duration.ZERO : configured;
        }
        String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
        boolean ownedByThisProcess = url.startsWith("jdbc:h2:")
                && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:")
                && !url.contains("auto_server=true");
        return ownedByThisProcess ? REUSE_RESULTS_FOR : Duration.ZERO;
    }

    @Bean
    static H2StatementCache h2StatementCache() {
        return new H2StatementCache();
    }

    @Bean
    H2Plans h2Plans(DataSource dataSource, DataSourceProperties dataSourceProperties) {
        return new H2Plans(dataSource, dataSourceProperties.determineUrl());
    }

    @Bean
    PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    SubscriptionSettings subscriptionSettings() {
        return new SubscriptionSettings();
    }

    @Primary
    @Bean
    LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            JpaProperties jpaProperties,
            DataSourceProperties dataSourceProperties,
            DataSource dataSource,
            H2Plans h2Plans) {
        H2ValuesInRow.apply(dataSource, dataSourceProperties.determineUrl());
        H2StatementCache.keepNoResults(dataSource, dataSourceProperties.determineUrl());
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        Map<String, Object> hibernate = new HashMap<>(jpaProperties.getProperties());
        hibernate.computeIfAbsent(
                AvailableSettings.DIALECT, key -> HapiDialects.forUrl(dataSourceProperties.determineUrl()));
        hibernate.putIfAbsent(AvailableSettings.HBM2DDL_AUTO, "update");
        if (h2Plans.applies()) {
            hibernate.putIfAbsent(AvailableSettings.STATEMENT_INSPECTOR, h2Plans);
        }
        hibernate.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "20");
        hibernate.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
        hibernate.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
        hibernate.putIfAbsent(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
        // Full-text search is off: it costs start-up time and nothing in CareRelay needs it yet.
        hibernate.putIfAbsent("hibernate.search.enabled", "false");
        // Envers audits only HAPI's MDM links, and CareRelay runs no MDM.
        hibernate.putIfAbsent("hibernate.integration.envers.enabled", "false");
        factory.setPersistenceUnitName("CARERELAY_PU");
        factory.setJpaPropertyMap(hibernate);
        factory.setDataSource(dataSource);
        return factory;
    }

    @Primary
    @Bean
    JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new JpaTransactionManager(entityManagerFactory);
    }

    @Primary
    @Bean
    HibernatePropertiesProvider hibernatePropertiesProvider() {
        return new HibernatePropertiesProvider();
    }
}

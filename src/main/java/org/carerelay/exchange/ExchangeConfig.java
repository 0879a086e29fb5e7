package org.carerelay.exchange;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.ips.api.IIpsGenerationStrategy;
import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import ca.uhn.fhir.jpa.ips.jpa.DefaultJpaIpsGenerationStrategy;
import java.time.Clock;
import org.carerelay.config.CareRelayProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Exchange at scale: HAPI's Bulk Data {@code $export} (its Batch2 job, files as Binary resources in HAPI's binary
 * store) and HAPI's International Patient Summary {@code Patient/$summary}, wired as they ship. CareRelay adds only
 * what its users need around them: counts and failures in the manifest ({@link ExportManifests}) and expiry of the
 * files ({@link ExpiredExports}). Who may export and read the files is decided by the security package.
 */
@Configuration
class ExchangeConfig {

    /** Auto-inflation of Binary content on read: an export file holds fewer than 1,000 resources, far below this. */
    private static final long LARGEST_FILE_SHOWN = 256L * 1024 * 1024;

    @Bean
    ExportOperations bulkExportOperations(
            JpaStorageSettings settings,
            ExportProperties properties,
            CareRelayProperties server,
            IJobMaintenanceService maintenance) {
        if (maintenance instanceof JobMaintenanceServiceImpl scheduled) {
            // read when the scheduler starts, after the context is refreshed
            scheduled.setScheduledJobFrequencyMillis(properties.progressCheck().toMillis());
        }
        settings.setEnableTaskBulkExportJobExecution(true);
        // The job reads a file's resources in one synchronous search, which the server's largest page
        // (JpaStorageSettings.fetchSizeDefaultMaximum) cuts short: HAPI then fails the job on a full file.
        settings.setBulkExportFileMaximumCapacity(Math.max(
                1,
                Math.min(
                        JpaStorageSettings.DEFAULT_BULK_EXPORT_FILE_MAXIMUM_CAPACITY,
                        server.paging().maxPageSize() - 1)));
        // a job and its files belong to the client that asked: another client's identical request starts its own
        settings.setEnableBulkExportJobReuse(false);
        // HAPI's own hourly purge, in whole hours, never comes before ExpiredExports
        settings.setBulkExportFileRetentionPeriodHours(
                (int) Math.max(1, (properties.fileRetention().toMinutes() + 59) / 60));
        settings.setAllowAutoInflateBinaries(true);
        settings.setAutoInflateBinariesMaximumBytes(LARGEST_FILE_SHOWN);
        return new ExportOperations();
    }

    @Bean
    ExportRequests exportRequests(FhirContext fhirContext) {
        return new ExportRequests(fhirContext);
    }

    @Bean
    IBinaryStorageSvc binaryStorageSvc() {
        return new DatabaseBinaryContentStorageSvcImpl();
    }

    @Bean
    ExportFileStorage exportFileStorage(FhirContext fhirContext) {
        ExportFileStorage storage = new ExportFileStorage(fhirContext);
        storage.setAllowAutoInflateBinaries(true);
        storage.setAutoInflateBinariesMaximumSize(LARGEST_FILE_SHOWN);
        return storage;
    }

    @Bean
    ExportErrors exportErrors(FhirContext fhirContext, DaoRegistry daos) {
        return new ExportErrors(fhirContext, daos);
    }

    @Bean
    FilterRegistrationBean<ExportManifests> exportManifests(
            IJobCoordinator jobs,
            DaoRegistry daos,
            IBinaryStorageSvc binaryStorage,
            ExportErrors errors,
            CareRelayProperties properties,
            ExportProperties export) {
        FilterRegistrationBean<ExportManifests> registration = new FilterRegistrationBean<>(new ExportManifests(
                jobs, daos, binaryStorage, errors, properties.serverAddress(), export.progressCheck()));
        registration.addUrlPatterns(ExportManifests.PATH);
        return registration;
    }

    @Bean
    ExpiredExports expiredExports(
            IJobPersistence jobs,
            DaoRegistry daos,
            PlatformTransactionManager transactions,
            ExportProperties properties) {
        return new ExpiredExports(jobs, daos, transactions, properties, Clock.systemUTC());
    }

    @Bean
    IIpsGenerationStrategy ipsGenerationStrategy() {
        return new DefaultJpaIpsGenerationStrategy();
    }

    @Bean
    IIpsGeneratorSvc ipsGenerator(FhirContext fhirContext, IIpsGenerationStrategy strategy) {
        return new IpsGeneratorSvcImpl(fhirContext, strategy);
    }

    @Bean
    SummaryOperation patientSummaryOperation(IIpsGeneratorSvc generator) {
        return new SummaryOperation(generator);
    }
}

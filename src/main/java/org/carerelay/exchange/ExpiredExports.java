package org.carerelay.exchange;

import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.BulkExportJobResults;
import ca.uhn.fhir.jpa.api.model.ExpungeOptions;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.Batch2JobDefinitionConstants;
import ca.uhn.fhir.util.JsonUtil;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases exports past {@code carerelay.export.file-retention}: their NDJSON files (content and history, so that no
 * old version keeps the data) and their job, after which the status URL answers 404. HAPI's own hourly purge counts
 * retention in whole hours and keeps failed jobs; this one runs every {@code expiry-check} and erases those too.
 */
final class ExpiredExports implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredExports.class);
    private static final int PAGE = 50;

    private final IJobPersistence jobs;
    private final DaoRegistry daos;
    private final TransactionTemplate transactions;
    private final ExportProperties properties;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private volatile boolean running;

    ExpiredExports(
            IJobPersistence jobs,
            DaoRegistry daos,
            PlatformTransactionManager transactions,
            ExportProperties properties,
            Clock clock) {
        this.jobs = jobs;
        this.daos = daos;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "carerelay-export-expiry");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        long every = properties.expiryCheck().toMillis();
        timer.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Erasing expired exports failed; trying again at the next check", e);
        }
    }

    /** Erases every export whose job ended more than the retention ago; answers how many. */
    int sweep() {
        Date cutoff = Date.from(clock.instant().minus(properties.fileRetention()));
        int erased = 0;
        List<JobInstance> expired;
        do {
            expired = transactions.execute(t -> jobs.fetchInstances(
                    Batch2JobDefinitionConstants.BULK_EXPORT,
                    StatusEnum.getEndedStatuses(),
                    cutoff,
                    PageRequest.of(0, PAGE)));
            for (JobInstance job : expired) {
                erase(job);
                erased++;
            }
        } while (running && expired.size() == PAGE);
        return erased;
    }

    private void erase(JobInstance job) {
        for (String file : files(job)) {
            expunge(new IdType(file).toUnqualifiedVersionless());
        }
        expunge(new IdType("Binary", ExportErrors.binaryId(job.getInstanceId())));
        transactions.executeWithoutResult(t -> jobs.deleteInstanceAndChunks(job.getInstanceId()));
        LOG.info("Erased expired export {} (ended {})", job.getInstanceId(), job.getEndTime());
    }

    private static List<String> files(JobInstance job) {
        List<String> files = new ArrayList<>();
        if (job.getReport() != null && !job.getReport().isBlank()) {
            BulkExportJobResults results = JsonUtil.deserialize(job.getReport(), BulkExportJobResults.class);
            results.getResourceTypeToBinaryIds().values().forEach(files::addAll);
        }
        return files;
    }

    private void expunge(IdType id) {
        IFhirResourceDao<Binary> binaries = daos.getResourceDao(Binary.class);
        SystemRequestDetails system = new SystemRequestDetails();
        try {
            binaries.delete(id, system);
        } catch (ResourceNotFoundException | ResourceGoneException absent) {
            return;
        }
        try {
            binaries.forceExpungeInExistingTransaction(
                    id, new ExpungeOptions().setExpungeDeletedResources(true).setExpungeOldVersions(true), system);
        } catch (IllegalArgumentException | ResourceNotFoundException absent) {
            // nothing of it was ever stored
        }
    }
}

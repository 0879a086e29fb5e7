package org.carerelay.exchange;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import org.carerelay.server.OperationProvider;

/**
 * HAPI's Bulk Data Access provider ({@code $export} at system, {@code Patient} and {@code Group/[id]} level, and
 * {@code $export-poll-status}), unchanged: the subclass only marks it for the FHIR server to register. Spring fills
 * its {@code @Autowired} fields.
 */
final class ExportOperations extends BulkDataExportProvider implements OperationProvider {}

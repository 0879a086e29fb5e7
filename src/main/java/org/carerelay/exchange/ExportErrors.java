package org.carerelay.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import java.nio.charset.StandardCharsets;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The error file of a failed export: one OperationOutcome, as NDJSON, saying why the job failed. Kept as a Binary with
 * a fixed id per job (so that polling again does not add files), readable by whoever may read the export's files.
 */
final class ExportErrors {

    private final FhirContext fhirContext;
    private final DaoRegistry daos;

    ExportErrors(FhirContext fhirContext, DaoRegistry daos) {
        this.fhirContext = fhirContext;
        this.daos = daos;
    }

    static String binaryId(String jobId) {
        return "export-error-" + jobId;
    }

    /** Stores the error file of a failed job and answers its id ({@code Binary/export-error-...}). */
    String write(String jobId, BulkExportJobParameters parameters, String reason) {
        OperationOutcome outcome = OperationOutcomes.error(
                IssueType.EXCEPTION,
                "The export failed: "
                        + (reason == null
                                ? "no reason was recorded"
                                // the Java class HAPI's message starts with means nothing to a client
                                : reason.replaceFirst("^[\\w.$]+Exception: ", "")));
        String line = fhirContext.newJsonParser().setPrettyPrint(false).encodeResourceToString(outcome) + "\n";
        Binary binary = new Binary();
        binary.setId(binaryId(jobId));
        binary.setContentType(
                parameters.getOutputFormat() == null ? "application/fhir+ndjson" : parameters.getOutputFormat());
        binary.setData(line.getBytes(StandardCharsets.UTF_8));
        if (parameters.getBinarySecurityContextIdentifierSystem() != null) {
            binary.getSecurityContext()
                    .setIdentifier(new Identifier()
                            .setSystem(parameters.getBinarySecurityContextIdentifierSystem())
                            .setValue(parameters.getBinarySecurityContextIdentifierValue()));
        }
        daos.getResourceDao(Binary.class).update(binary, new SystemRequestDetails());
        return "Binary/" + binaryId(jobId);
    }
}

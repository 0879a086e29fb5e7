package org.carerelay.server;

import ca.uhn.fhir.jpa.dao.r4.TransactionProcessorVersionAdapterR4;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A failed batch entry answers with the OperationOutcome its refusal carries, as the same request on its own would.
 * HAPI keeps only the message, as one issue of code {@code exception}, so a batch entry lost the issue codes, rule
 * codes and expressions of CareRelay's refusals (a conditional reference that matches nothing, an unsafe handoff).
 */
class BatchEntryOutcomes extends TransactionProcessorVersionAdapterR4 {

    @Override
    public void populateEntryWithOperationOutcome(
            BaseServerResponseException refusal, Bundle.BundleEntryComponent entry) {
        if (refusal.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
            entry.getResponse().setOutcome(outcome);
        } else {
            super.populateEntryWithOperationOutcome(refusal, entry);
        }
    }
}

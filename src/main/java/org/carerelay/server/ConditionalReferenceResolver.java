package org.carerelay.server;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.jpa.dao.index.SearchParamWithInlineReferencesExtractor;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Resolves conditional references ({@code Patient?identifier=...}) as HAPI does, but answers one that matches nothing
 * with 400 naming the reference, like a reference to a resource that does not exist. HAPI answers 404 (HAPI-1091),
 * which tells the client the URL it called is unknown when the fault is in the body. Doing it where the reference is
 * resolved gives the same answer on every write path: create, update, patch, and each transaction or batch entry.
 */
class ConditionalReferenceResolver extends SearchParamWithInlineReferencesExtractor {

    private static final String NO_MATCH = Msg.code(1091);
    private static final Pattern QUOTED = Pattern.compile("\"(.*)\"");

    @Override
    public void extractInlineReferences(RequestDetails request, IBaseResource resource, TransactionDetails details) {
        try {
            super.extractInlineReferences(request, resource, details);
        } catch (ResourceNotFoundException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith(NO_MATCH)) {
                throw e;
            }
            Matcher quoted = QUOTED.matcher(e.getMessage());
            String reference = quoted.find() ? quoted.group(1) : e.getMessage();
            String message =
                    "Conditional reference " + reference + " in " + resource.fhirType() + " matches no resource";
            throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTFOUND, message));
        }
    }
}

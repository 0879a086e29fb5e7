package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.DateUtils;
import java.util.List;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.stereotype.Component;

/**
 * Conditional headers as HTTP defines them, where HAPI fails on them with a 500: {@code If-Match: *} lets a write
 * proceed only when the resource exists (412 otherwise); an {@code If-Match} that is no version of this server and an
 * {@code If-Modified-Since} that is no HTTP date are the client's mistake (400).
 */
@Component
@Interceptor
final class ConditionalHeadersInterceptor implements ServerInterceptor {

    private final DaoRegistry daos;

    ConditionalHeadersInterceptor(DaoRegistry daos) {
        this.daos = daos;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void checkIfModifiedSince(RequestDetails request) {
        String value = request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE);
        if (value != null && !value.isBlank() && DateUtils.parseDate(value) == null) {
            String message = "If-Modified-Since '" + value + "' is not an HTTP date (for example "
                    + "'Wed, 21 Oct 2015 07:28:00 GMT')";
            throw new InvalidRequestException(
                    message, OperationOutcomes.error(IssueType.INVALID, message, Constants.HEADER_IF_MODIFIED_SINCE));
        }
    }

    // Ordered after the other hooks of this pointcut, so that a caller who may not write learns nothing here.
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = 100)
    public void ifMatchAnyVersion(RequestDetails request) {
        String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (ifMatch == null
                || ifMatch.isBlank()
                || (operation != RestOperationTypeEnum.UPDATE && operation != RestOperationTypeEnum.PATCH)) {
            return;
        }
        if (!ifMatch.trim().equals("*")) {
            // HAPI takes the ETag for a version id and fails on anything that is not a number
            if (!ParameterUtil.parseETagValue(ifMatch).matches("[0-9]{1,18}")) {
                String message = "If-Match '" + ifMatch + "' is not an ETag of this server (W/\"<version>\") or *";
                throw new InvalidRequestException(
                        message, OperationOutcomes.error(IssueType.INVALID, message, Constants.HEADER_IF_MATCH));
            }
            return;
        }
        IIdType id = request.getId();
        if (id == null || !id.hasIdPart() || request.getResourceName() == null) {
            String message = "If-Match: * needs a resource id in the URL; a conditional write takes no If-Match";
            throw new InvalidRequestException(
                    message, OperationOutcomes.error(IssueType.INVALID, message, Constants.HEADER_IF_MATCH));
        }
        IFhirResourceDao<?> dao = daos.getResourceDao(request.getResourceName());
        try {
            dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            String message = "If-Match: * and " + id.toUnqualifiedVersionless().getValue() + " does not exist";
            throw new PreconditionFailedException(
                    message, OperationOutcomes.error(IssueType.CONFLICT, message, Constants.HEADER_IF_MATCH));
        }
        // It exists: the write proceeds on whatever version is current, as without the header.
        request.setHeaders(Constants.HEADER_IF_MATCH, List.of());
    }
}

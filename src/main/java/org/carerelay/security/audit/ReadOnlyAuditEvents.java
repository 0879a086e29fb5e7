package org.carerelay.security.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import java.util.EnumSet;
import java.util.Set;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * AuditEvents are written by the server alone: through the API they are read and searched, never created, changed or
 * deleted, whatever the token's scopes (405), also not as entries of a transaction or batch. The storage hooks sit on
 * the RestfulServer, so they see every write a caller asks for and none of the server's own.
 */
@Interceptor
final class ReadOnlyAuditEvents implements ServerInterceptor {

    static final String MESSAGE = "AuditEvents are written by this server only: they can be read and searched,"
            + " never created, changed or deleted through the API";

    private static final Set<RestOperationTypeEnum> WRITES = EnumSet.of(
            RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE,
            RestOperationTypeEnum.UPDATE_REWRITE_HISTORY,
            RestOperationTypeEnum.PATCH,
            RestOperationTypeEnum.DELETE,
            RestOperationTypeEnum.META_ADD,
            RestOperationTypeEnum.META_DELETE,
            RestOperationTypeEnum.ADD_TAGS,
            RestOperationTypeEnum.DELETE_TAGS);

    /** Also a delete that would find nothing, and tag changes, which store no new version. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void request(RequestDetails request, RestOperationTypeEnum operation) {
        if (WRITES.contains(operation) && "AuditEvent".equals(request.getResourceName())) {
            throw refused();
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        refuseAuditEvent(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        refuseAuditEvent(previous);
        refuseAuditEvent(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        refuseAuditEvent(resource);
    }

    private static void refuseAuditEvent(IBaseResource resource) {
        if (resource instanceof AuditEvent) {
            throw refused();
        }
    }

    private static MethodNotAllowedException refused() {
        return new MethodNotAllowedException(
                MESSAGE, OperationOutcomes.error(IssueType.NOTSUPPORTED, MESSAGE), RequestTypeEnum.GET);
    }
}

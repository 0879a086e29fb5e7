package org.carerelay.security;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.carerelay.fhir.Caller;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.security.scopes.Permission;
import org.carerelay.security.scopes.Scope;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Bulk Data export under SMART scopes. The export job reads with the server's own rights, so the check happens
 * before it starts: every type it will write must be covered by an unrestricted {@code system/} or {@code user/}
 * grant ({@code patient/} grants never export, see {@link ScopeEnforcer}). The files are marked as the asking
 * client's ({@code Binary.securityContext}), which {@link ShowFilter} holds every read of them to, and only that client
 * learns of the job's status or cancels it.
 */
@Component
@Interceptor
final class ExportGuard implements ServerInterceptor {

    static final String POLL = "$export-poll-status";

    private final ObjectProvider<IJobCoordinator> jobs;

    ExportGuard(ObjectProvider<IJobCoordinator> jobs) {
        this.jobs = jobs;
    }

    @Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
    public void initiate(BulkExportJobParameters parameters, RequestDetails request) {
        Access access = Access.of(request).orElse(null);
        if (access == null) {
            return;
        }
        List<String> uncovered = new ArrayList<>();
        for (String type : parameters.getResourceTypes()) {
            List<Scope> grants = access.scopes().covering(type, Permission.SEARCH, Access.BEYOND_PATIENT);
            if (grants.isEmpty() || grants.get(0).restricted()) {
                uncovered.add(type);
            }
        }
        if (!uncovered.isEmpty()) {
            throw Refusal.forbidden("An export reads every resource of the types it names; the token has no"
                    + " unrestricted system/ or user/ search scope for " + String.join(", ", uncovered)
                    + " (name the types you may export with _type)");
        }
        parameters.setBinarySecurityContextIdentifierSystem(Caller.OAUTH_CLIENT);
        parameters.setBinarySecurityContextIdentifierValue(access.caller().client());
    }

    /** The status of an export (and its cancellation) is for the client that started it; to others it does not exist. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void poll(RequestDetails request) {
        if (!POLL.equals(request.getOperation())) {
            return;
        }
        Access access = Access.of(request).orElse(null);
        String[] jobId = request.getParameters().get("_jobId");
        if (access == null || jobId == null || jobId.length == 0) {
            return;
        }
        JobInstance job;
        try {
            job = jobs.getObject().getInstance(jobId[0]);
        } catch (ResourceNotFoundException e) {
            return; // HAPI answers 404 itself
        }
        BulkExportJobParameters parameters = job.getParameters(BulkExportJobParameters.class);
        if (!Caller.OAUTH_CLIENT.equals(parameters.getBinarySecurityContextIdentifierSystem())
                || !Objects.equals(access.caller().client(), parameters.getBinarySecurityContextIdentifierValue())) {
            String message = "There is no export job " + jobId[0] + " of this client";
            throw new ResourceNotFoundException(message, OperationOutcomes.error(IssueType.NOTFOUND, message));
        }
    }
}

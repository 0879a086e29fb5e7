package org.carerelay.security.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.Coding;

/** How an AuditEvent names a FHIR interaction: its action (C, R, U, D, E) and its restful-interaction subtype. */
final class Interactions {

    private Interactions() {}

    /** Unknown (a request refused before HAPI chose a handler) counts as E, as searches and operations do. */
    static AuditEventAction action(RestOperationTypeEnum operation) {
        if (operation == null) {
            return AuditEventAction.E;
        }
        return switch (operation) {
            case CREATE -> AuditEventAction.C;
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM, METADATA, META, GET_TAGS ->
                AuditEventAction.R;
            case UPDATE, PATCH, META_ADD, META_DELETE, ADD_TAGS, DELETE_TAGS, UPDATE_REWRITE_HISTORY ->
                AuditEventAction.U;
            case DELETE -> AuditEventAction.D;
            default -> AuditEventAction.E; // searches, pages, operations, transactions, batches
        };
    }

    /** The interaction in FHIR's restful-interaction code system, which has no codes for HAPI's finer kinds. */
    static Coding subtype(RestOperationTypeEnum operation) {
        String code = switch (operation) {
            case METADATA -> "capabilities";
            case GET_PAGE -> "search-type";
            case UPDATE_REWRITE_HISTORY -> "update";
            case EXTENDED_OPERATION_SERVER,
                    EXTENDED_OPERATION_TYPE,
                    EXTENDED_OPERATION_INSTANCE,
                    VALIDATE,
                    META,
                    META_ADD,
                    META_DELETE,
                    GET_TAGS,
                    ADD_TAGS,
                    DELETE_TAGS,
                    GRAPHQL_REQUEST -> "operation";
            default -> operation.getCode();
        };
        return new Coding(BalpConstants.CS_RESTFUL_INTERACTION, code, code);
    }
}

package org.carerelay.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.junit.jupiter.api.Test;

class InteractionsTest {

    /** http://hl7.org/fhir/R4/codesystem-restful-interaction.html */
    static final Set<String> RESTFUL_INTERACTIONS = Set.of(
            "read",
            "vread",
            "update",
            "patch",
            "delete",
            "history",
            "history-instance",
            "history-type",
            "history-system",
            "create",
            "search",
            "search-type",
            "search-system",
            "capabilities",
            "transaction",
            "batch",
            "operation");

    @Test
    void everyInteractionHasASubtypeFromTheRestfulInteractionCodeSystem() {
        for (RestOperationTypeEnum operation : RestOperationTypeEnum.values()) {
            assertThat(Interactions.subtype(operation).getCode())
                    .as(operation.name())
                    .isIn(RESTFUL_INTERACTIONS);
        }
    }

    @Test
    void readsAndHistoryAreReadsSearchesAndOperationsAreExecutions() {
        assertThat(Interactions.action(RestOperationTypeEnum.READ)).isEqualTo(AuditEventAction.R);
        assertThat(Interactions.action(RestOperationTypeEnum.HISTORY_INSTANCE)).isEqualTo(AuditEventAction.R);
        assertThat(Interactions.action(RestOperationTypeEnum.SEARCH_TYPE)).isEqualTo(AuditEventAction.E);
        assertThat(Interactions.action(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE))
                .isEqualTo(AuditEventAction.E);
        assertThat(Interactions.action(RestOperationTypeEnum.TRANSACTION)).isEqualTo(AuditEventAction.E);
        assertThat(Interactions.action(null)).isEqualTo(AuditEventAction.E);
    }

    @Test
    void writesAreCreateUpdateAndDelete() {
        assertThat(Interactions.action(RestOperationTypeEnum.CREATE)).isEqualTo(AuditEventAction.C);
        assertThat(Interactions.action(RestOperationTypeEnum.PATCH)).isEqualTo(AuditEventAction.U);
        assertThat(Interactions.action(RestOperationTypeEnum.META_ADD)).isEqualTo(AuditEventAction.U);
        assertThat(Interactions.action(RestOperationTypeEnum.DELETE)).isEqualTo(AuditEventAction.D);
    }

    @Test
    void hapisFinerKindsMapToTheNearestCode() {
        assertThat(Interactions.subtype(RestOperationTypeEnum.METADATA).getCode())
                .isEqualTo("capabilities");
        assertThat(Interactions.subtype(RestOperationTypeEnum.GET_PAGE).getCode())
                .isEqualTo("search-type");
        assertThat(Interactions.subtype(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE)
                        .getCode())
                .isEqualTo("operation");
        assertThat(Interactions.subtype(RestOperationTypeEnum.HISTORY_TYPE).getCode())
                .isEqualTo("history-type");
    }
}

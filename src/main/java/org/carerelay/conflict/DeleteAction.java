package org.carerelay.conflict;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A suggestion's {@code delete} action as CDS Hooks 2.0 writes it, with the {@code resourceId} (a relative reference)
 * that HAPI's action model lacks.
 */
final class DeleteAction extends CdsServiceResponseSuggestionActionJson {

    @JsonProperty("resourceId")
    private final String resourceId;

    DeleteAction(String resourceId, String description) {
        this.resourceId = resourceId;
        setType("delete");
        setDescription(description);
    }

    String resourceId() {
        return resourceId;
    }
}

package org.carerelay.handoff;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;

/** Reads the history of a Task for the guard: the version a write is judged against when the current one is gone. */
final class PastVersions {

    private PastVersions() {}

    /**
     * The newest version of the Task that is not a deletion, older than the deleted version HAPI is replacing;
     * empty when there is none (a Task deleted before it was ever stored whole, or an id never used).
     */
    static Optional<Task> beforeDeletion(DaoRegistry daos, Task deleted, Task written, RequestDetails request) {
        IdType id = deleted.getIdElement().hasVersionIdPart() ? deleted.getIdElement() : written.getIdElement();
        if (!id.hasIdPart() || !id.hasVersionIdPart() || !id.isVersionIdPartValidLong()) {
            return Optional.empty();
        }
        IFhirResourceDao<Task> dao = daos.getResourceDao(Task.class);
        IdType versionless = new IdType("Task", id.getIdPart());
        for (long version = id.getVersionIdPartAsLong() - 1; version >= 1; version--) {
            try {
                return Optional.ofNullable(dao.read(versionless.withVersion(Long.toString(version)), request));
            } catch (ResourceGoneException e) {
                // another deletion: look further back
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}

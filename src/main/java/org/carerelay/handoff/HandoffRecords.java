package org.carerelay.handoff;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.Optional;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.ReadOnlySearches;
import org.carerelay.fhir.StoredIds;
import org.carerelay.fhir.StoredResources;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/** Makes the handoff read port for one check: of a write being stored, or of a Task or bundle sent to be judged. */
@Component
final class HandoffRecords {

    private final DaoRegistry daos;
    private final StoredIds ids;
    private final MatchUrls matchUrls;
    private final LocalServer server;
    private final ReadOnlySearches searches;
    private final StoredResources stored;

    HandoffRecords(
            DaoRegistry daos,
            StoredIds ids,
            MatchUrls matchUrls,
            CareRelayProperties server,
            ReadOnlySearches searches,
            StoredResources stored) {
        this.daos = daos;
        this.searches = searches;
        this.stored = stored;
        this.ids = ids;
        this.matchUrls = matchUrls;
        this.server = LocalServer.at(server.serverAddress());
    }

    LocalServer server() {
        return server;
    }

    /**
     * The port for a write HAPI is storing: what it finds stored it hands to the write (its {@link TransactionDetails}),
     * so that HAPI does not look up the same references again when it links them.
     *
     * @param previous the stored version HAPI gave the hook, or empty for a create
     */
    DaoHandoffRecord forWrite(
            RequestDetails request, TransactionDetails write, BundleIndex bundle, Optional<Task> previous) {
        return new DaoHandoffRecord(daos, ids, server, matchUrls, request, write, bundle, previous, searches, stored);
    }

    /**
     * The port for a check that stores nothing.
     *
     * @param previous the stored version when the caller already has it, or null to look it up
     */
    DaoHandoffRecord forCheck(RequestDetails request, BundleIndex bundle, Optional<Task> previous) {
        return new DaoHandoffRecord(daos, ids, server, matchUrls, request, null, bundle, previous, searches, stored);
    }
}

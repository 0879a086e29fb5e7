package org.carerelay.notify;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Sets a Subscription whose deliveries kept failing to {@code error} with the reason, as a stored update (a new
 * version), so readers see it and the outbox stops delivering to it; its undelivered notifications stay in the outbox.
 * Setting it back to {@code requested} resumes delivery.
 */
final class SubscriptionErrors {

    private final DaoRegistry daos;

    SubscriptionErrors(DaoRegistry daos) {
        this.daos = daos;
    }

    DaoMethodOutcome giveUp(String subscriptionId, String reason) {
        IFhirResourceDao<Subscription> dao = daos.getResourceDao(Subscription.class);
        SystemRequestDetails request = new SystemRequestDetails();
        Subscription subscription = dao.read(new IdType("Subscription", subscriptionId), request);
        subscription.setStatus(Subscription.SubscriptionStatus.ERROR);
        subscription.setError(reason);
        return dao.update(subscription, request);
    }
}

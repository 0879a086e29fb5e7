package org.carerelay.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.carerelay.fhir.Caller;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

/** With security on, a handoff's Provenance names who sent the write: the token's user, or its client. */
class HandoffProvenanceSecuredIT extends AbstractSecuredFhirIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void theTokensUserIsTheEnterer() {
        IGenericClient system = client(token().scope("system/*.cruds").rsa());
        HandoffFixtures given = new HandoffFixtures(system);
        IGenericClient user = client(token().scope("user/*.cruds")
                .claim("fhirUser", given.giver)
                .claim("client_id", "referral-app")
                .rsa());

        String bySystem = given.create(given.referral());
        String byUser = AbstractFhirIT.create(user, given.referral());

        assertThat(enterer(system, bySystem).getIdentifier().getValue()).isEqualTo("test-client");
        assertThat(enterer(system, bySystem).getIdentifier().getSystem()).isEqualTo(Caller.OAUTH_CLIENT);
        assertThat(enterer(system, byUser).getReference()).isEqualTo(given.giver);
    }

    private static org.hl7.fhir.r4.model.Reference enterer(IGenericClient client, String task) {
        Bundle provenance = client.search()
                .byUrl("Provenance?target=Task/" + task.replace("Task/", ""))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(provenance.getEntry()).hasSize(1);
        return ((Provenance) provenance.getEntryFirstRep().getResource())
                .getAgent().stream()
                        .filter(a -> a.getType().getCodingFirstRep().getCode().equals("enterer"))
                        .findFirst()
                        .orElseThrow()
                        .getWho();
    }

    private IGenericClient client(String token) {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = FHIR.newRestfulGenericClient(baseUrl());
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }
}

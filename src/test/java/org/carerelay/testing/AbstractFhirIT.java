package org.carerelay.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.carerelay.CareRelayApplication;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every integration test: the whole server on a random port, one Spring context shared by all tests of a run
 * (so nothing here may vary between subclasses), talked to over HTTP.
 */
@SpringBootTest(classes = CareRelayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AbstractFhirIT {

    protected static final FhirContext FHIR = FhirContext.forR4Cached();

    static {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(300_000);
    }

    @LocalServerPort
    protected int port;

    protected IGenericClient client;
    protected RawHttp http;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @BeforeEach
    void connect() {
        client = FHIR.newRestfulGenericClient(baseUrl());
        http = new RawHttp(baseUrl());
    }

    /** Creates a resource and answers its versionless reference ({@code Type/id}). */
    public static String create(IGenericClient client, Resource resource) {
        return client.create()
                .resource(resource)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
    }

    /** How many resources a search ({@code Type?params}) matches, as the server counts them. */
    protected int count(String search) {
        return client.search()
                .byUrl(search + "&_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    protected String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }
}

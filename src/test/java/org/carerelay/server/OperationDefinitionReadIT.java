package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;

/**
 * OperationDefinitions answer reads like any resource: the stored ones (the features' and any a client stores) and the
 * ones HAPI generates for the operations the CapabilityStatement links to.
 */
class OperationDefinitionReadIT extends AbstractFhirIT {

    @Test
    void everyOperationDefinitionASearchListsAnswersItsRead() {
        List<OperationDefinition> listed = allStored();
        assertThat(listed)
                .extracting(definition -> definition.getIdElement().getIdPart())
                .contains("Patient-care-gaps", "Task-validate-handoff");

        for (OperationDefinition searched : listed) {
            String id = searched.getIdElement().getIdPart();
            Response read = http.get("/OperationDefinition/" + id);

            assertThat(read.status()).as(id).isEqualTo(200);
            assertThat(read.header("ETag"))
                    .as(id)
                    .isEqualTo("W/\"" + searched.getMeta().getVersionId() + "\"");
            assertThat(json(FHIR.newJsonParser().parseResource(OperationDefinition.class, read.body())))
                    .as(id)
                    .isEqualTo(json(searched));
        }
    }

    @Test
    void anOperationDefinitionAClientStoresIsRead() {
        OperationDefinition definition = new OperationDefinition()
                .setName("ClientOperation")
                .setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.DRAFT)
                .setKind(OperationDefinition.OperationKind.OPERATION)
                .setCode("client-operation")
                .setSystem(true)
                .setType(false)
                .setInstance(false);
        definition.setId("it-client-operation");
        client.update().resource(definition).execute();

        Response read = http.get("/OperationDefinition/it-client-operation");

        assertThat(read.status()).isEqualTo(200);
        assertThat(FHIR.newJsonParser()
                        .parseResource(OperationDefinition.class, read.body())
                        .getCode())
                .isEqualTo("client-operation");
        assertThat(http.get("/OperationDefinition/it-no-such-operation").status())
                .isEqualTo(404);
    }

    @Test
    void everyOperationDefinitionTheCapabilityStatementLinksToCanBeFetched() {
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        List<CapabilityStatementRestResourceOperationComponent> operations = new ArrayList<>();
        capabilities.getRest().forEach(rest -> {
            operations.addAll(rest.getOperation());
            rest.getResource().forEach(resource -> operations.addAll(resource.getOperation()));
        });
        assertThat(operations).isNotEmpty();

        for (CapabilityStatementRestResourceOperationComponent operation : operations) {
            String url = operation.getDefinition();
            OperationDefinition definition;
            if (url.startsWith(baseUrl() + "/OperationDefinition/")) {
                // HAPI's generated definition of one of its own operations
                Response read = http.get(url.substring(baseUrl().length()));
                assertThat(read.status()).as(url).isEqualTo(200);
                definition = FHIR.newJsonParser().parseResource(OperationDefinition.class, read.body());
            } else if (url.startsWith("http://hl7.org/fhir/")) {
                continue; // the specification's own, not served here
            } else {
                Bundle found = client.search()
                        .forResource(OperationDefinition.class)
                        .where(OperationDefinition.URL.matches().value(url))
                        .returnBundle(Bundle.class)
                        .execute();
                assertThat(found.getEntry()).as(url).hasSize(1);
                definition = (OperationDefinition) found.getEntryFirstRep().getResource();
            }
            assertThat(definition.getCode()).as(url).isEqualTo(operation.getName());
        }
    }

    private List<OperationDefinition> allStored() {
        List<OperationDefinition> all = new ArrayList<>();
        Bundle page = client.search()
                .forResource(OperationDefinition.class)
                .count(500)
                .returnBundle(Bundle.class)
                .execute();
        while (true) {
            page.getEntry().forEach(entry -> all.add((OperationDefinition) entry.getResource()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return all;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private static String json(OperationDefinition definition) {
        return FHIR.newJsonParser().encodeResourceToString(definition);
    }
}

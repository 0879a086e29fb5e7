package org.carerelay.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the plain query loads is what HAPI itself loads, byte for byte once encoded (id, version, last update, source),
 * with the same row id; what it does not take (tags, security labels, profiles) HAPI loads as before, and a deleted
 * resource is shown by neither.
 */
class StoredResourcesIT extends AbstractFhirIT {

    @Autowired
    StoredResources stored;

    @Autowired
    ChunkedReads reads;

    @Autowired
    ReadOnlySearches searches;

    @Autowired
    DaoRegistry daos;

    @Autowired
    IHapiTransactionService transactions;

    private final SystemRequestDetails request = new SystemRequestDetails();

    @Test
    void thePlainQueryLoadsWhatHapiLoadsAndLeavesTheRestToHapi() {
        String plain = create(client, new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Plain")));
        String updated = create(client, new Patient().setActive(false));
        client.update().resource(new Patient().setActive(true).setId(updated)).execute();
        client.update().resource(new Patient().setActive(false).setId(updated)).execute();
        Patient sourced = new Patient();
        sourced.getMeta().setSource("urn:ehr:clinic-7#request-42");
        String withSource = create(client, sourced);
        String clientAssigned = client.update()
                .resource(new Patient().setId("Patient/stored-" + UUID.randomUUID()))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        Patient contained = new Patient();
        contained.addExtension(new Extension("urn:carerelay:test", new StringType("kept")));
        contained.addContained(new Medication()
                .setCode(new CodeableConcept(new Coding("urn:x", "m", "M")))
                .setId("m"));
        String withContained = create(client, contained);
        Patient tagged = new Patient();
        tagged.getMeta().addTag("urn:carerelay:tags", "kept-apart", "Kept apart");
        String withTag = create(client, tagged);
        Patient labelled = new Patient();
        labelled.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
        labelled.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/Patient");
        String withLabel = create(client, labelled);
        String deleted = create(client, new Patient());
        client.delete().resourceById(new IdType(deleted)).execute();

        List<String> all =
                List.of(plain, updated, withSource, clientAssigned, withContained, withTag, withLabel, deleted);
        List<JpaPid> pids = rowIds(all);
        assertThat(pids).hasSize(7); // the deleted one has no current row

        Map<Long, IBaseResource> found = new HashMap<>();
        List<JpaPid> byHapi = new ArrayList<>();
        transactions.withRequest(request).readOnly().execute(() -> {
            stored.plain("Patient", pids, found, byHapi);
            return null;
        });
        assertThat(byHapi.stream().map(JpaPid::getId))
                .containsExactlyInAnyOrderElementsOf(rowIds(List.of(withTag, withLabel)).stream()
                        .map(JpaPid::getId)
                        .toList());
        assertThat(found.values().stream()
                        .map(r -> r.getIdElement().toUnqualifiedVersionless().getValue()))
                .containsExactlyInAnyOrder(plain, updated, withSource, clientAssigned, withContained);
        for (IBaseResource resource : found.values()) {
            Patient read = daos.getResourceDao(Patient.class)
                    .read(resource.getIdElement().toUnqualifiedVersionless(), request);
            assertThat(FHIR.newJsonParser().encodeResourceToString(resource))
                    .isEqualTo(FHIR.newJsonParser().encodeResourceToString(read));
            assertThat(IDao.RESOURCE_PID.get(resource).getId())
                    .isEqualTo(IDao.RESOURCE_PID.get(read).getId());
        }
        Patient again = (Patient) found.values().stream()
                .filter(r ->
                        r.getIdElement().toUnqualifiedVersionless().getValue().equals(updated))
                .findFirst()
                .orElseThrow();
        assertThat(again.getMeta().getVersionId()).isEqualTo("3");
        assertThat(again.getActive()).isFalse();
        Patient source = (Patient) found.values().stream()
                .filter(r ->
                        r.getIdElement().toUnqualifiedVersionless().getValue().equals(withSource))
                .findFirst()
                .orElseThrow();
        // HAPI keeps the source's system and puts its own request id after the #: both columns were read
        assertThat(source.getMeta().getSource()).matches("urn:ehr:clinic-7#[A-Za-z0-9]{16}");

        // shown: in the order asked, the tagged and labelled ones loaded by HAPI with their meta
        List<JpaPid> reversed = new ArrayList<>(rowIds(all));
        java.util.Collections.reverse(reversed);
        List<Patient> shown = transactions
                .withRequest(request)
                .readOnly()
                .execute(() -> stored.shown(Patient.class, reversed, request));
        assertThat(shown.stream().map(p -> IDao.RESOURCE_PID.get(p).getId()))
                .containsExactlyElementsOf(reversed.stream().map(JpaPid::getId).toList());
        Patient tag = shown.stream()
                .filter(p ->
                        p.getIdElement().toUnqualifiedVersionless().getValue().equals(withTag))
                .findFirst()
                .orElseThrow();
        assertThat(tag.getMeta().getTag())
                .singleElement()
                .satisfies(c -> assertThat(c.getCode()).isEqualTo("kept-apart"));
        Patient label = shown.stream()
                .filter(p ->
                        p.getIdElement().toUnqualifiedVersionless().getValue().equals(withLabel))
                .findFirst()
                .orElseThrow();
        assertThat(label.getMeta().getSecurity())
                .singleElement()
                .satisfies(c -> assertThat(c.getCode()).isEqualTo("R"));
        assertThat(label.getMeta().getProfile()).hasSize(1);
    }

    @Test
    void aDeletedResourceIsShownByNeitherPath() {
        String observation = create(
                client,
                new Observation().setStatus(Observation.ObservationStatus.FINAL).setValue(new Quantity(7.1)));
        List<JpaPid> before = rowIds(Observation.class, List.of(observation));
        client.delete().resourceById(new IdType(observation)).execute();

        Map<Long, IBaseResource> found = new HashMap<>();
        List<JpaPid> byHapi = new ArrayList<>();
        List<Observation> shown = transactions.withRequest(request).readOnly().execute(() -> {
            stored.plain("Observation", before, found, byHapi);
            return stored.shown(Observation.class, before, request);
        });
        assertThat(found).isEmpty();
        assertThat(byHapi).isEmpty();
        assertThat(shown).isEmpty();
    }

    @Test
    void aPopulationReadAnswersWhatHapisSearchAnswersAcrossChunksAndBothPaths() {
        assertThat(stored.plainPathOpen()).isTrue();
        String code = "stored-" + UUID.randomUUID();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < StoredResources.CHUNK + 20; i++) {
            Observation observation = new Observation()
                    .setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept(new Coding("urn:carerelay:test", code, null)))
                    .setValue(new Quantity(i));
            if (i % 97 == 5) {
                observation.getMeta().addTag("urn:carerelay:tags", "every-97th", null);
            }
            transaction
                    .addEntry()
                    .setResource(observation)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
        }
        List<String> ids = client.transaction().withBundle(transaction).execute().getEntry().stream()
                .map(entry -> new IdType(entry.getResponse().getLocation())
                        .toUnqualifiedVersionless()
                        .getValue())
                .toList();
        client.delete().resourceById(new IdType(ids.get(7))).execute();
        client.update()
                .resource(new Observation()
                        .setStatus(Observation.ObservationStatus.AMENDED)
                        .setCode(new CodeableConcept(new Coding("urn:carerelay:test", code, null)))
                        .setValue(new Quantity(-1))
                        .setId(ids.get(StoredResources.CHUNK)))
                .execute();

        List<Observation> ours = searches.resources(Observation.class, byCode(code), request);
        List<Observation> hapis = transactions
                .withRequest(request)
                .readOnly()
                .execute(() -> daos.getResourceDao(Observation.class).searchForResources(byCode(code), request));

        assertThat(ours).hasSize(StoredResources.CHUNK + 19);
        assertThat(ours.stream().map(FHIR.newJsonParser()::encodeResourceToString))
                .containsExactlyElementsOf(hapis.stream()
                        .map(FHIR.newJsonParser()::encodeResourceToString)
                        .toList());
        for (int i = 0; i < ours.size(); i++) {
            assertThat(IDao.RESOURCE_PID.get(ours.get(i))).isEqualTo(IDao.RESOURCE_PID.get(hapis.get(i)));
            assertThat(ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(ours.get(i)))
                    .isEqualTo(BundleEntrySearchModeEnum.MATCH);
        }
        assertThat(ours.stream().filter(o -> !o.getMeta().getTag().isEmpty())).hasSize(6);

        // the same row ids asked twice are loaded and shown once
        List<JpaPid> twice = new ArrayList<>(rowIds(Observation.class, ids.subList(0, 5)));
        twice.addAll(twice);
        assertThat(transactions
                        .withRequest(request)
                        .readOnly()
                        .execute(() -> stored.shown(Observation.class, twice, request)))
                .hasSize(5);
    }

    private static SearchParameterMap byCode(String code) {
        return ReadOnlySearches.all().add(Observation.SP_CODE, new TokenParam("urn:carerelay:test", code));
    }

    private List<JpaPid> rowIds(List<String> references) {
        return rowIds(Patient.class, references);
    }

    private List<JpaPid> rowIds(Class<? extends IBaseResource> type, List<String> references) {
        return reads.byIds(
                FHIR.getResourceType(type),
                references.stream().map(r -> new IdType(r).getIdPart()).toList());
    }
}

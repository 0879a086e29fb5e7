package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.HasParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.carerelay.fhir.References;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * Turns the population filters of {@code Patient/$care-gaps} into one Patient search, so that the database, not the
 * heap, picks the patients: {@code subject} (a Group's members, less those marked inactive; or one Patient),
 * {@code practitioner} (the general practitioner, or a member of an active CareTeam of the patient) and
 * {@code organization} (the managing organization). Inactive patients are left out at once; they have no gaps.
 */
@Component
final class PopulationScope {

    private final DaoRegistry daos;

    PopulationScope(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The Patient search, or empty when the filters already show that no patient can match. */
    Optional<SearchParameterMap> search(
            StringType subject, StringType practitioner, StringType organization, RequestDetails request) {
        SearchParameterMap search = new SearchParameterMap();
        // A population walks in id order, so that two walks of the same population meet patients in the same order.
        search.setSort(new SortSpec("_id"));
        search.add(Patient.SP_ACTIVE, new TokenParam("false").setModifier(TokenParamModifier.NOT));
        if (subject != null && subject.hasValue()) {
            IdType id = reference("subject", subject, "Group", "Patient");
            if (id.getResourceType().equals("Group")) {
                Group group = daos.getResourceDao(Group.class).read(id, request);
                if (group.getMember().stream().noneMatch(Group.GroupMemberComponent::getInactive)) {
                    search.add(
                            "_has",
                            new HasParam(
                                    "Group",
                                    "member",
                                    "_id",
                                    group.getIdElement().getIdPart()));
                } else {
                    // Members marked inactive are out of the group; the rest are named one by one.
                    TokenOrListParam active = new TokenOrListParam();
                    group.getMember().stream()
                            .filter(member -> !member.getInactive())
                            .map(member -> References.key(member.getEntity()))
                            .filter(key -> key != null && key.startsWith("Patient/"))
                            .forEach(key -> active.addOr(new TokenParam(key.substring("Patient/".length()))));
                    if (active.getValuesAsQueryTokens().isEmpty()) {
                        return Optional.empty();
                    }
                    search.add("_id", active);
                }
            } else {
                search.add("_id", new TokenParam(id.getIdPart()));
            }
        }
        if (organization != null && organization.hasValue()) {
            IdType id = reference("organization", organization, "Organization");
            search.add(Patient.SP_ORGANIZATION, new ReferenceParam(id.getValue()));
        }
        if (practitioner != null && practitioner.hasValue()) {
            IdType id = reference("practitioner", practitioner, "Practitioner", "PractitionerRole");
            Set<String> patients = patientsOf(id, request);
            if (patients.isEmpty()) {
                return Optional.empty();
            }
            TokenOrListParam ids = new TokenOrListParam();
            patients.forEach(p -> ids.addOr(new TokenParam(p)));
            search.add("_id", ids);
        }
        return Optional.of(search);
    }

    /**
     * The ids of the patients whose general practitioner the practitioner is, or who have an active CareTeam with the
     * practitioner as a member: two searches, as FHIR search cannot join the two with OR. A practitioner's panel is
     * small next to the population, so the ids are held.
     */
    private Set<String> patientsOf(IdType practitioner, RequestDetails request) {
        Set<String> patients = new TreeSet<>();
        SearchParameterMap byGp = SearchParameterMap.newSynchronous()
                .add(Patient.SP_GENERAL_PRACTITIONER, new ReferenceParam(practitioner.getValue()));
        daos.getResourceDao(Patient.class)
                .searchForResourceIds(byGp, request)
                .forEach(id -> patients.add(id.getIdPart()));
        SearchParameterMap byTeam = SearchParameterMap.newSynchronous()
                .add(CareTeam.SP_PARTICIPANT, new ReferenceParam(practitioner.getValue()))
                .add(CareTeam.SP_STATUS, new TokenParam("active"));
        daos.getResourceDao(CareTeam.class).searchForResources(byTeam, request).stream()
                .map(CareTeam::getSubject)
                .map(References::key)
                .filter(key -> key != null && key.startsWith("Patient/"))
                .forEach(key -> patients.add(key.substring("Patient/".length())));
        return patients;
    }

    private static IdType reference(String parameter, StringType value, String... types) {
        IdType id = new IdType(References.key(value.getValue().trim()));
        if (!id.hasIdPart() || !id.hasResourceType() || !Set.of(types).contains(id.getResourceType())) {
            throw GapQuery.invalid(parameter + " '" + value.getValue() + "' must be a reference to a "
                    + String.join(" or ", types) + ", such as " + types[0] + "/123");
        }
        return id.toUnqualifiedVersionless();
    }
}

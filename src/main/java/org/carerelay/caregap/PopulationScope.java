package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.HasParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
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
    private final LocalServer server;

    PopulationScope(DaoRegistry daos, CareRelayProperties properties) {
        this.daos = daos;
        this.server = LocalServer.at(properties.serverAddress());
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
                if (group.getMember().stream().noneMatch(PopulationScope::inactive)) {
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
                            .filter(member -> !inactive(member))
                            .map(member -> key(member.getEntity()))
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
            Set<Long> patients = patientsOf(practitioner(practitioner), request);
            if (patients.isEmpty()) {
                return Optional.empty();
            }
            TokenOrListParam rows = new TokenOrListParam();
            patients.forEach(row -> rows.addOr(new TokenParam(row.toString())));
            search.add(Constants.PARAM_PID, rows);
        }
        return Optional.of(search);
    }

    /**
     * Whether a patient the search found is the practitioner's: their general practitioner, or a member of one of
     * their active CareTeams. The search finds members of any CareTeam; the record read for the rules settles it.
     */
    CareGapService.InScope responsibleFor(StringType practitioner) {
        if (practitioner == null || !practitioner.hasValue()) {
            return CareGapService.InScope.EVERYONE;
        }
        String wanted = practitioner(practitioner).getValue();
        Predicate<PatientRecord> test =
                record -> record.patient().getGeneralPractitioner().stream().anyMatch(gp -> wanted.equals(key(gp)))
                        || record.careTeams().stream()
                                .filter(team -> team.getStatus() == CareTeam.CareTeamStatus.ACTIVE)
                                .flatMap(team -> team.getParticipant().stream())
                                .anyMatch(member -> wanted.equals(key(member.getMember())));
        return new CareGapService.InScope(test, Set.of(RecordPart.CARE_TEAMS));
    }

    /**
     * The row ids of the patients whose general practitioner the practitioner is, or who have a CareTeam with the
     * practitioner as a member: two searches, as FHIR search cannot join the two with OR. Row ids rather than FHIR
     * ids, because H2 looks a long list of FHIR ids up one OR branch at a time. A practitioner's panel is small next to
     * the population, so the ids are held.
     */
    private Set<Long> patientsOf(IdType practitioner, RequestDetails request) {
        Set<Long> patients = new TreeSet<>();
        SearchParameterMap byGp = SearchParameterMap.newSynchronous()
                .add(Patient.SP_GENERAL_PRACTITIONER, new ReferenceParam(practitioner.getValue()));
        SearchParameterMap byTeam = SearchParameterMap.newSynchronous()
                .add("_has", new HasParam("CareTeam", "patient", "participant", practitioner.getValue()));
        for (SearchParameterMap search : List.of(byGp, byTeam)) {
            // Without a limit of its own, searchForIds stops at HAPI's internal synchronous search size.
            search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
            daos.getResourceDao(Patient.class)
                    .<JpaPid>searchForIds(search, request)
                    .forEach(pid -> patients.add(pid.getId()));
        }
        return patients;
    }

    /** Only a stated true marks a member inactive: a flag without a value (a data-absent-reason) says nothing. */
    private static boolean inactive(Group.GroupMemberComponent member) {
        return Boolean.TRUE.equals(member.getInactiveElement().getValue());
    }

    /**
     * {@link LocalServer#key} of a reference, null-safe: a reference element may be present without a value (only a
     * data-absent-reason, an identifier or a display), and then it names nobody. A reference to another server keeps
     * its base, so a Group member or a care-team member there is never taken for a resource here.
     */
    String key(Reference reference) {
        return server.key(reference.getReference());
    }

    private IdType practitioner(StringType value) {
        return reference("practitioner", value, "Practitioner", "PractitionerRole");
    }

    private IdType reference(String parameter, StringType value, String... types) {
        String given = value.getValue().trim();
        IdType id = new IdType(server.key(given));
        if (!server.isLocal(given)
                || !id.hasIdPart()
                || !id.hasResourceType()
                || !Set.of(types).contains(id.getResourceType())) {
            throw GapQuery.invalid(parameter + " '" + value.getValue() + "' must be a reference to a "
                    + String.join(" or ", types) + ", such as " + types[0] + "/123");
        }
        return id.toUnqualifiedVersionless();
    }
}

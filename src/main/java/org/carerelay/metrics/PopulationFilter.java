package org.carerelay.metrics;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Turns {@code subject} (a Group's active members, or one Patient), {@code organization} (the patients it manages) and
 * {@code careTeam} (the team's patient) into the set of patients a report counts, and {@code practitioner} into the
 * receiver; each given filter narrows the others.
 */
@Component
final class PopulationFilter {

    private final DaoRegistry daos;
    private final LocalServer server;

    PopulationFilter(DaoRegistry daos, CareRelayProperties properties) {
        this.daos = daos;
        this.server = LocalServer.at(properties.serverAddress());
    }

    Population of(String subject, String organization, String careTeam, String practitioner, RequestDetails request) {
        Set<String> patients = null;
        if (subject != null) {
            IdType id = reference("subject", subject, "Group", "Patient");
            Set<String> found = new HashSet<>();
            if (id.getResourceType().equals("Group")) {
                Group group = daos.getResourceDao(Group.class).read(id, request);
                group.getMember().stream()
                        .filter(m -> !Boolean.TRUE.equals(m.getInactiveElement().getValue()))
                        .map(m -> server.key(m.getEntity()))
                        .filter(key -> key != null && key.startsWith("Patient/"))
                        .forEach(found::add);
            } else {
                found.add(id.getValue());
            }
            patients = found;
        }
        if (organization != null) {
            IdType id = reference("organization", organization, "Organization");
            SearchParameterMap search =
                    SearchParameterMap.newSynchronous().add(Patient.SP_ORGANIZATION, new ReferenceParam(id.getValue()));
            search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
            Set<String> found = new HashSet<>();
            daos.getResourceDao(Patient.class)
                    .searchForResourceIds(search, request)
                    .forEach(pid -> found.add("Patient/" + pid.getIdPart()));
            patients = narrow(patients, found);
        }
        if (careTeam != null) {
            IdType id = reference("careTeam", careTeam, "CareTeam");
            CareTeam team = daos.getResourceDao(CareTeam.class).read(id, request);
            Set<String> found = new HashSet<>();
            String patient = server.key(team.getSubject());
            if (patient != null && patient.startsWith("Patient/")) {
                found.add(patient);
            }
            patients = narrow(patients, found);
        }
        Optional<String> receiver = practitioner == null
                ? Optional.empty()
                : Optional.of(
                        reference("practitioner", practitioner, "Practitioner", "PractitionerRole", "Organization")
                                .getValue());
        return new Population(Optional.ofNullable(patients), receiver);
    }

    private static Set<String> narrow(Set<String> before, Set<String> found) {
        if (before == null) {
            return found;
        }
        before.retainAll(found);
        return before;
    }

    private IdType reference(String parameter, String given, String... types) {
        String value = given.trim();
        IdType id = new IdType(server.key(value) == null ? "" : server.key(value));
        if (!server.isLocal(value)
                || !id.hasIdPart()
                || !id.hasResourceType()
                || !Set.of(types).contains(id.getResourceType())) {
            throw MetricQuery.invalid(
                    parameter + " '" + given + "' must be a reference to a " + String.join(" or ", types) + ", such as "
                            + types[0] + "/123",
                    parameter);
        }
        return id.toUnqualifiedVersionless();
    }
}

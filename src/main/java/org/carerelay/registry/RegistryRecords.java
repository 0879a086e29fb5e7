package org.carerelay.registry;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.CachedIds;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.ReadOnlySearches;
import org.carerelay.registry.rules.RegistryRecord;
import org.carerelay.registry.rules.RegistrySettings;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * The read port of the registry: for a batch of patients, one search per resource type (conditions, PHQ-9 results,
 * encounters of the look-back window, care teams), with the caller's request.
 */
@Component
final class RegistryRecords {

    private final ReadOnlySearches searches;
    private final CachedIds cachedIds;
    private final LocalServer server;
    private final ZoneId zone;
    private final int lookbackDays;

    RegistryRecords(
            ReadOnlySearches searches,
            CachedIds cachedIds,
            CareRelayProperties properties,
            RegistryProperties registry) {
        this.searches = searches;
        this.cachedIds = cachedIds;
        this.server = LocalServer.at(properties.serverAddress());
        this.zone = properties.timeZone();
        this.lookbackDays = registry.encounterLookbackDays();
    }

    List<RegistryRecord> load(List<Patient> patients, LocalDate asOf, RequestDetails request) {
        if (patients.isEmpty()) {
            return List.of();
        }
        // named so that the four searches do not each look the batch's ids up again (CachedIds)
        ReferenceOrListParam batch =
                cachedIds.remember("Patient", patients, request).of(patients);
        var conditions = byPatient(search(Condition.class, of(batch), request), Condition::getSubject);
        var scores = byPatient(
                search(
                        Observation.class,
                        of(batch)
                                .add(
                                        Observation.SP_CODE,
                                        new TokenParam(RegistrySettings.LOINC, RegistrySettings.PHQ9)),
                        request),
                Observation::getSubject);
        Date since = Date.from(asOf.minusDays(lookbackDays).atStartOfDay(zone).toInstant());
        var encounters = byPatient(
                search(
                        Encounter.class,
                        of(batch).add(Encounter.SP_DATE, new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since)),
                        request),
                Encounter::getSubject);
        var careTeams = byPatient(search(CareTeam.class, of(batch), request), CareTeam::getSubject);
        List<RegistryRecord> records = new ArrayList<>();
        for (Patient patient : patients) {
            String key = "Patient/" + patient.getIdElement().getIdPart();
            records.add(new RegistryRecord(
                    patient,
                    conditions.getOrDefault(key, List.of()),
                    scores.getOrDefault(key, List.of()),
                    encounters.getOrDefault(key, List.of()),
                    careTeams.getOrDefault(key, List.of())));
        }
        return records;
    }

    private static SearchParameterMap of(ReferenceOrListParam patients) {
        return ReadOnlySearches.all().add("patient", patients);
    }

    private <T extends Resource> List<T> search(Class<T> type, SearchParameterMap search, RequestDetails request) {
        return searches.resources(type, search, request);
    }

    private <T extends Resource> Map<String, List<T>> byPatient(List<T> resources, Function<T, Reference> subject) {
        Map<String, List<T>> grouped = new LinkedHashMap<>();
        for (T resource : resources) {
            String key = server.key(subject.apply(resource));
            if (key != null) {
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(resource);
            }
        }
        return grouped;
    }
}

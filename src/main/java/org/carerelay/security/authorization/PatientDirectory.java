package org.carerelay.security.authorization;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** The patients a signing-in user may pick from: found by name, shown by name and birth date. */
final class PatientDirectory {

    static final int SHOWN = 20;
    /** Longer names are cut: no name is this long, and HAPI refuses string values past 768 characters. */
    static final int MAX_NAME = 100;

    /** A patient as the picker shows it. */
    record Entry(String id, String name, String birthDate) {}

    private final IFhirResourceDao<Patient> patients;

    PatientDirectory(DaoRegistry daos) {
        this.patients = daos.getResourceDao(Patient.class);
    }

    /** Patients whose name matches (the first {@value #SHOWN}); a search the database refuses finds nobody. */
    List<Entry> search(String name) {
        SearchParameterMap query = SearchParameterMap.newSynchronous().setCount(SHOWN);
        if (name != null && !name.isBlank()) {
            query.add(
                    Patient.SP_NAME,
                    new StringParam(
                            name.strip().substring(0, Math.min(name.strip().length(), MAX_NAME))));
        }
        try {
            return patients.searchForResources(query, new SystemRequestDetails()).stream()
                    .map(p -> entry((Patient) p))
                    .limit(SHOWN)
                    .toList();
        } catch (BaseServerResponseException refused) {
            return List.of();
        }
    }

    Optional<Entry> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(entry(patients.read(new IdType("Patient", id), new SystemRequestDetails())));
        } catch (BaseServerResponseException gone) {
            return Optional.empty();
        }
    }

    private static Entry entry(Patient patient) {
        String name = patient.getName().isEmpty()
                ? "(no name)"
                : patient.getNameFirstRep().getNameAsSingleString();
        String born =
                patient.hasBirthDateElement() ? patient.getBirthDateElement().getValueAsString() : "unknown";
        return new Entry(patient.getIdElement().getIdPart(), name, born);
    }
}

package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.List;
import org.carerelay.caregap.rules.PatientRecord;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/** Loads one patient's record for the care-gap rules: one search per resource type, with the caller's request. */
@Component
final class DaoPatientRecords {

    private final DaoRegistry daos;

    DaoPatientRecords(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The record of a stored patient; a ResourceNotFoundException (404) when there is none. */
    PatientRecord load(IdType patientId, RequestDetails request) {
        Patient patient = daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
        String reference = "Patient/" + patient.getIdElement().getIdPart();
        return new PatientRecord(
                patient,
                search(Condition.class, reference, request),
                search(ServiceRequest.class, reference, request),
                search(Task.class, reference, request),
                search(CarePlan.class, reference, request),
                search(CareTeam.class, reference, request),
                search(Encounter.class, reference, request),
                search(Observation.class, reference, request),
                search(Procedure.class, reference, request),
                search(DiagnosticReport.class, reference, request));
    }

    private <T extends Resource> List<T> search(Class<T> type, String patient, RequestDetails request) {
        SearchParameterMap search = SearchParameterMap.newSynchronous().add("patient", new ReferenceParam(patient));
        return daos.getResourceDao(type).search(search, request).getAllResources().stream()
                .map(type::cast)
                .toList();
    }
}

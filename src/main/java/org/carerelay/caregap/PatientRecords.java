package org.carerelay.caregap;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.RecordPart;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The read port of care gaps: a stored patient, and the records the rules read, as they stood at the end of a day.
 * {@link DaoPatientRecords} is the one; {@code $plan-conflicts} reads through it too, so that it and G11 judge the same
 * record.
 */
public interface PatientRecords {

    /**
     * A stored patient, or one deleted after the end of {@code asOf} as they were then; a ResourceNotFoundException
     * (404) when there is none, a ResourceGoneException (410) when the patient was deleted by then.
     */
    Patient patient(IdType patientId, Date asOf, RequestDetails request);

    /**
     * For each of the given patients (by id), the resource types that reference them in the store as it stands today;
     * empty when that is not known, meaning "any type may". A record of a past day may hold what the store no longer
     * does.
     */
    default Optional<Map<String, Set<String>>> referencing(List<Patient> patients) {
        return Optional.empty();
    }

    /** The records of the given patients, in their order, with only the given parts (the others empty). */
    List<PatientRecord> load(List<Patient> patients, Date asOf, Set<RecordPart> parts, RequestDetails request);
}

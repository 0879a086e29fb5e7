package org.carerelay.registry.rules;

import java.util.List;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/** What the registry reads of one patient: conditions, PHQ-9 results, recent encounters and care teams. */
public record RegistryRecord(
        Patient patient,
        List<Condition> conditions,
        List<Observation> phq9,
        List<Encounter> encounters,
        List<CareTeam> careTeams) {}

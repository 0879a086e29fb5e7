package org.carerelay.caregap.rules;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/**
 * One open care gap of a patient.
 *
 * @param evidence the resources that show the gap, the most telling first
 */
public record Gap(CareGapRule rule, List<Resource> evidence, String message) {}

package org.carerelay.conflict.rules;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;

/**
 * A medication the patient takes or is to take: an active MedicationRequest or MedicationStatement, or a product in an
 * active care plan's activity. {@code basedOn} names the orders a statement reports, so that an order and the statement
 * of it are not taken for two therapies; {@code routes} are the routes its dosage states (none for a plan's product).
 */
record Drug(Side side, CodeableConcept concept, boolean order, Set<String> basedOn, List<CodeableConcept> routes) {}

package org.carerelay.metrics.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Reference;

/**
 * The Operations-and-cost family: missed appointments, average length of stay and cost per patient. Pure, like
 * {@link CoordinationMetrics}.
 */
public final class OperationsMetrics {

    public static final String ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication";

    /** Appointment statuses of a booking: the patient was expected. */
    static final Set<Appointment.AppointmentStatus> BOOKED = Set.of(
            Appointment.AppointmentStatus.BOOKED,
            Appointment.AppointmentStatus.ARRIVED,
            Appointment.AppointmentStatus.CHECKEDIN,
            Appointment.AppointmentStatus.FULFILLED,
            Appointment.AppointmentStatus.NOSHOW);

    private final MetricSettings settings;
    private final LocalServer server;

    public OperationsMetrics(MetricSettings settings, LocalServer server) {
        this.settings = settings;
        this.server = server;
    }

    /** {@link Metric#MISSED_APPOINTMENTS}: appointments booked for the period, and whether the patient did not come. */
    public List<Counted> missedAppointments(List<Appointment> appointments, Period period) {
        List<Counted> items = new ArrayList<>();
        for (Appointment appointment : appointments) {
            LocalDate day = appointment.hasStart() ? period.day(appointment.getStartElement()) : null;
            if (!period.contains(day) || !BOOKED.contains(appointment.getStatus())) {
                continue;
            }
            items.add(new Counted(
                    "Appointment/" + appointment.getIdElement().getIdPart(),
                    patient(appointment),
                    day,
                    appointment.getStatus() == Appointment.AppointmentStatus.NOSHOW,
                    null,
                    Map.of()));
        }
        return items;
    }

    /**
     * {@link Metric#AVERAGE_LENGTH_OF_STAY}: the finished inpatient stays that ended in the period, each with its
     * calendar days from admission to discharge (a stay that ends the day it began counts one).
     */
    public List<Counted> lengthOfStay(List<Encounter> stays, Period period) {
        List<Counted> items = new ArrayList<>();
        for (Encounter stay : stays) {
            LocalDate admitted = period.day(stay.getPeriod().getStartElement());
            LocalDate discharged = period.day(stay.getPeriod().getEndElement());
            if (!OutcomeMetrics.inClass(stay, settings.inpatientClasses())
                    || stay.getStatus() != Encounter.EncounterStatus.FINISHED
                    || admitted == null
                    || !period.contains(discharged)
                    || discharged.isBefore(admitted)) {
                continue;
            }
            double days = Math.max(1, ChronoUnit.DAYS.between(admitted, discharged));
            items.add(new Counted(
                    "Encounter/" + stay.getIdElement().getIdPart(),
                    server.key(stay.getSubject()),
                    discharged,
                    false,
                    days,
                    Map.of()));
        }
        return items;
    }

    /**
     * {@link Metric#COST_PER_PATIENT}: one item per amount, its patient as the resource counted (so the score is the
     * total over the patients with a cost): the submitted total of each explanation of benefit created in the period,
     * and the total of each claim created in it that none of them answers. Drafts, cancelled and entered-in-error ones,
     * and amounts in another currency, are left out.
     */
    public List<Counted> cost(List<ExplanationOfBenefit> benefits, List<Claim> claims, Period period) {
        List<Counted> items = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (ExplanationOfBenefit benefit : benefits) {
            if (benefit.getStatus() == ExplanationOfBenefit.ExplanationOfBenefitStatus.ENTEREDINERROR) {
                continue;
            }
            String claim = server.key(benefit.getClaim());
            if (claim != null) {
                answered.add(claim);
            }
            LocalDate day = benefit.hasCreated() ? period.day(benefit.getCreatedElement()) : null;
            if (benefit.getStatus() != ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE
                    || !period.contains(day)) {
                continue;
            }
            benefit.getTotal().stream()
                    .filter(t -> t.getCategory().getCoding().stream()
                            .anyMatch(c -> ADJUDICATION.equals(c.getSystem()) && "submitted".equals(c.getCode())))
                    .map(ExplanationOfBenefit.TotalComponent::getAmount)
                    .map(this::amount)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .ifPresent(amount -> add(items, benefit.getPatient(), day, amount));
        }
        for (Claim claim : claims) {
            LocalDate day = claim.hasCreated() ? period.day(claim.getCreatedElement()) : null;
            BigDecimal amount = claim.hasTotal() ? amount(claim.getTotal()) : null;
            if (claim.getStatus() != Claim.ClaimStatus.ACTIVE
                    || !period.contains(day)
                    || amount == null
                    || answered.contains("Claim/" + claim.getIdElement().getIdPart())) {
                continue;
            }
            add(items, claim.getPatient(), day, amount);
        }
        return items;
    }

    private void add(List<Counted> items, Reference patient, LocalDate day, BigDecimal amount) {
        String key = server.key(patient);
        if (key != null) {
            items.add(new Counted(key, key, day, false, amount.doubleValue(), Map.of()));
        }
    }

    /** The value of an amount in the configured currency (an amount without a currency is taken to be in it). */
    private BigDecimal amount(Money money) {
        if (money == null || money.getValue() == null) {
            return null;
        }
        if (money.hasCurrency() && !settings.currency().equals(money.getCurrency())) {
            return null;
        }
        return money.getValue();
    }

    private String patient(Appointment appointment) {
        return appointment.getParticipant().stream()
                .map(Appointment.AppointmentParticipantComponent::getActor)
                .filter(a -> "Patient".equals(a.getReferenceElement().getResourceType()))
                .map(server::key)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}

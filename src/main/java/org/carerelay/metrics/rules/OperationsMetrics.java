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
        return missedAppointmentsOf(appointments.stream()
                .map(a -> booking(a, period))
                .filter(java.util.Objects::nonNull)
                .toList());
    }

    /** An appointment booked for the period; null when it starts outside it or its status is no booking. */
    public Booking booking(Appointment appointment, Period period) {
        LocalDate day = appointment.hasStart() ? period.day(appointment.getStartElement()) : null;
        if (!period.contains(day) || !BOOKED.contains(appointment.getStatus())) {
            return null;
        }
        return new Booking(
                "Appointment/" + appointment.getIdElement().getIdPart(),
                patient(appointment),
                day,
                appointment.getStatus() == Appointment.AppointmentStatus.NOSHOW);
    }

    /** {@link #missedAppointments} of these bookings. */
    public List<Counted> missedAppointmentsOf(List<Booking> bookings) {
        return bookings.stream()
                .map(b -> new Counted(b.key(), b.patient(), b.day(), b.noShow(), null, Map.of()))
                .toList();
    }

    /**
     * {@link Metric#AVERAGE_LENGTH_OF_STAY}: the finished inpatient stays that ended in the period, each with its
     * calendar days from admission to discharge (a stay that ends the day it began counts one).
     */
    public List<Counted> lengthOfStay(List<Encounter> stays, Period period) {
        return lengthOfStayOf(
                stays.stream().map(e -> Visit.of(e, period, server)).toList(), period);
    }

    /** {@link #lengthOfStay} of the encounters read as visits. */
    public List<Counted> lengthOfStayOf(List<Visit> stays, Period period) {
        List<Counted> items = new ArrayList<>();
        for (Visit stay : stays) {
            LocalDate admitted = stay.startDay();
            LocalDate discharged = stay.endDay();
            if (!stay.inClass(settings.inpatientClasses())
                    || !stay.finished()
                    || admitted == null
                    || !period.contains(discharged)
                    || discharged.isBefore(admitted)) {
                continue;
            }
            double days = Math.max(1, ChronoUnit.DAYS.between(admitted, discharged));
            items.add(new Counted(stay.key(), stay.patient(), discharged, false, days, Map.of()));
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
        return costOf(
                benefits.stream()
                        .map(b -> benefit(b, period))
                        .filter(java.util.Objects::nonNull)
                        .toList(),
                claims.stream()
                        .map(c -> claim(c, period))
                        .filter(java.util.Objects::nonNull)
                        .toList());
    }

    /**
     * What an explanation of benefit bills and which claim it answers; null when entered in error. Its amount is the
     * submitted total when it is active and created in the period.
     */
    public Charge benefit(ExplanationOfBenefit benefit, Period period) {
        if (benefit.getStatus() == ExplanationOfBenefit.ExplanationOfBenefitStatus.ENTEREDINERROR) {
            return null;
        }
        String claim = server.key(benefit.getClaim());
        LocalDate day = benefit.hasCreated() ? period.day(benefit.getCreatedElement()) : null;
        BigDecimal amount = null;
        if (benefit.getStatus() == ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE && period.contains(day)) {
            amount = benefit.getTotal().stream()
                    .filter(t -> t.getCategory().getCoding().stream()
                            .anyMatch(c -> ADJUDICATION.equals(c.getSystem()) && "submitted".equals(c.getCode())))
                    .map(ExplanationOfBenefit.TotalComponent::getAmount)
                    .map(this::amount)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        }
        return new Charge(server.key(benefit.getPatient()), day, claim, amount);
    }

    /** What a claim bills: active, created in the period, with an amount in the currency; null otherwise. */
    public Charge claim(Claim claim, Period period) {
        LocalDate day = claim.hasCreated() ? period.day(claim.getCreatedElement()) : null;
        BigDecimal amount = claim.hasTotal() ? amount(claim.getTotal()) : null;
        if (claim.getStatus() != Claim.ClaimStatus.ACTIVE || !period.contains(day) || amount == null) {
            return null;
        }
        return new Charge(
                server.key(claim.getPatient()),
                day,
                "Claim/" + claim.getIdElement().getIdPart(),
                amount);
    }

    /**
     * {@link Metric#COST_PER_PATIENT} of these charges: every explanation of benefit's amount, and every claim's that
     * no explanation of benefit answers.
     */
    public List<Counted> costOf(List<Charge> benefits, List<Charge> claims) {
        List<Counted> items = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (Charge benefit : benefits) {
            if (benefit.claim() != null) {
                answered.add(benefit.claim());
            }
            if (benefit.amount() != null) {
                add(items, benefit.patient(), benefit.day(), benefit.amount());
            }
        }
        for (Charge claim : claims) {
            if (!answered.contains(claim.claim())) {
                add(items, claim.patient(), claim.day(), claim.amount());
            }
        }
        return items;
    }

    private static void add(List<Counted> items, String key, LocalDate day, BigDecimal amount) {
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

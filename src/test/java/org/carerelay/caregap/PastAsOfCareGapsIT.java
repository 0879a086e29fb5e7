package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An {@code asOf} in the past judges the record as it stood at the end of that day: re-running last month's report
 * after the record was edited, and parts of it deleted, gives last month's answer, and what was first recorded later
 * does not count, whatever its clinical date. A record cannot be written in the past over HTTP, so the part that stood
 * on the day is stored through HAPI's own DAOs with a transaction date before it (the way an import keeps its dates);
 * every later edit goes over HTTP today.
 */
class PastAsOfCareGapsIT extends AbstractFhirIT {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final LocalDate AS_OF = TODAY.minusDays(60);
    static final Date RECORDED = Date.from(AS_OF.minusDays(30).atTime(12, 0).toInstant(ZoneOffset.UTC));

    @Autowired
    DaoRegistry daos;

    @Test
    void lastMonthsReportGivesLastMonthsAnswerAfterEditsAndDeletions() {
        String patient = recordedThen(new Patient().setActive(true));
        String referral = recordedThen(referral(patient));
        String diabetes = recordedThen(diabetes(patient));
        String hba1c = recordedThen(observation(patient, "4548-4", 7.5, day(200)));
        String phq9 = recordedThen(observation(patient, "44261-6", 15, day(40)));

        List<DetectedIssue> then = issues(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF));
        assertThat(then)
                .extracting(PastAsOfCareGapsIT::rule)
                .containsExactly("referral-open", "depression-follow-up-missing", "hba1c-overdue");

        // edited since: the referral completed, the screen deleted, the old HbA1c recoded, a new HbA1c recorded today
        // with a clinical date before the day
        ServiceRequest completed =
                client.read().resource(ServiceRequest.class).withId(referral).execute();
        client.update()
                .resource(completed.setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED))
                .execute();
        client.delete().resourceById(new IdType(phq9)).execute();
        Observation recoded =
                client.read().resource(Observation.class).withId(hba1c).execute();
        recoded.getCode().getCodingFirstRep().setCode("2345-7");
        client.update().resource(recoded).execute();
        create(client, observation(patient, "4548-4", 6.9, day(10)));

        List<DetectedIssue> again = issues(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF));
        assertThat(again)
                .extracting(PastAsOfCareGapsIT::rule)
                .containsExactly("referral-open", "depression-follow-up-missing", "hba1c-overdue");
        assertThat(again).extracting(DetectedIssue::getDetail).containsExactlyElementsOf(details(then));
        assertThat(again.get(0).getEvidenceFirstRep().getDetailFirstRep().getDisplay())
                .startsWith(referral + ", status active: an open referral");
        assertThat(again.get(1).getImplicated())
                .extracting(Reference::getReference)
                .containsExactly(phq9);
        assertThat(again.get(2).getImplicated())
                .extracting(Reference::getReference)
                .containsExactly(diabetes, hba1c);
        assertThat(again.get(2).getDetail())
                .isEqualTo("Active diabetes and no HbA1c since " + day(200) + " (more than 180 days)");

        // the same day over the population walk
        Parameters population = parameters(http.get("/Patient/$care-gaps?subject=" + patient + "&asOf=" + AS_OF));
        assertThat(population.getParameter()).hasSize(1);
        assertThat(issues(population)).extracting(DetectedIssue::getDetail).containsExactlyElementsOf(details(then));

        // today the record as it stands has no gap: completed, deleted, and a recent HbA1c
        assertThat(parameters(http.get("/" + patient + "/$care-gaps")).getParameter())
                .isEmpty();
    }

    @Test
    void aCarePlanActiveOnTheDayAndCompletedSinceStillCountsOnTheDay() {
        String patient = recordedThen(new Patient().setActive(true));
        CarePlan plan = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference(patient));
        plan.getPeriod().setStartElement(new DateTimeType(day(100))).setEndElement(new DateTimeType(day(10)));
        String stored = recordedThen(plan);
        String overdue = "Active care plan ended " + day(10) + " without review";

        assertThat(issues(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF)))
                .extracting(DetectedIssue::getDetail)
                .containsExactly(overdue);

        // completed since: only active plans are read today, and the plan as it stood then still counts then
        CarePlan completed =
                client.read().resource(CarePlan.class).withId(stored).execute();
        client.update()
                .resource(completed.setStatus(CarePlan.CarePlanStatus.COMPLETED))
                .execute();

        assertThat(issues(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF)))
                .extracting(DetectedIssue::getDetail)
                .containsExactly(overdue);
        assertThat(parameters(http.get("/" + patient + "/$care-gaps")).getParameter())
                .isEmpty();
    }

    @Test
    void whatWasRecordedAfterTheDayDoesNotCountWhateverItsClinicalDate() {
        String then = recordedThen(new Patient().setActive(true));
        create(client, referral(then));
        String later = create(client, new Patient().setActive(true));
        create(client, referral(later));

        for (String patient : List.of(then, later)) {
            assertThat(parameters(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF))
                            .getParameter())
                    .as(patient)
                    .isEmpty();
            assertThat(issues(http.get("/" + patient + "/$care-gaps")))
                    .as(patient)
                    .extracting(PastAsOfCareGapsIT::rule)
                    .containsExactly("referral-open");
        }
    }

    @Test
    void aPatientWhoDiedSinceStillHadGapsOnTheDay() {
        String patient = recordedThen(new Patient().setActive(true));
        recordedThen(referral(patient));
        Patient died = client.read().resource(Patient.class).withId(patient).execute();
        died.setDeceased(new BooleanType(true));
        client.update().resource(died).execute();

        assertThat(issues(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF)))
                .extracting(PastAsOfCareGapsIT::rule)
                .containsExactly("referral-open");
        assertThat(parameters(http.get("/" + patient + "/$care-gaps")).getParameter())
                .isEmpty();
    }

    @Test
    void aPatientDeletedSinceIsJudgedAsTheyWereOnTheDay() {
        String patient = recordedThen(new Patient().setActive(true));
        String referral = recordedThen(referral(patient));
        client.delete().resourceById(new IdType(referral)).execute();
        client.delete().resourceById(new IdType(patient)).execute();

        assertThat(issues(http.get("/" + patient + "/$care-gaps?asOf=" + AS_OF)))
                .singleElement()
                .satisfies(issue -> {
                    assertThat(rule(issue)).isEqualTo("referral-open");
                    assertThat(issue.getImplicated())
                            .extracting(Reference::getReference)
                            .containsExactly(referral);
                });
        assertThat(http.get("/" + patient + "/$care-gaps").status()).isEqualTo(410);
    }

    /**
     * {@code $plan-conflicts} and G11 judge the same record on a past day: an NSAID order stopped since still conflicts
     * with the heart failure then, one first recorded since (dated before the day) does not, and today it is the other
     * way round.
     */
    @Test
    void planConflictsJudgeTheRecordAsItStoodAsCareGapsDo() {
        String patient = recordedThen(new Patient().setActive(true).setBirthDateElement(new DateType("1950-01-01")));
        Condition heartFailure = new Condition().setSubject(new Reference(patient));
        heartFailure
                .getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        heartFailure.getCode().addCoding(new Coding("http://snomed.info/sct", "88805009", null));
        String condition = recordedThen(heartFailure);
        String naproxen = recordedThen(nsaid(patient, "198014", "Naproxen 500 MG Oral Tablet"));

        MedicationRequest stopped =
                client.read().resource(MedicationRequest.class).withId(naproxen).execute();
        client.update()
                .resource(stopped.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED))
                .execute();
        String ibuprofen = create(client, nsaid(patient, "310965", "Ibuprofen 200 MG Oral Tablet"));

        assertThat(conflicts(http.get("/" + patient + "/$plan-conflicts?asOf=" + AS_OF)))
                .containsExactly("dd-nsaid-heart-failure " + naproxen + " " + condition);
        assertThat(conflicts(http.get("/Patient/$plan-conflicts?subject=" + patient + "&asOf=" + AS_OF)))
                .containsExactly("dd-nsaid-heart-failure " + naproxen + " " + condition);
        assertThat(issues(http.get("/" + patient + "/$care-gaps?rule=conflicting-plans&asOf=" + AS_OF)))
                .singleElement()
                .satisfies(gap -> assertThat(gap.getDetail()).contains("drug-disease/dd-nsaid-heart-failure"));
        assertThat(conflicts(http.get("/" + patient + "/$plan-conflicts")))
                .containsExactly("dd-nsaid-heart-failure " + ibuprofen + " " + condition);
    }

    /** "entry first second" of each DetectedIssue of a $plan-conflicts answer. */
    private static List<String> conflicts(Response response) {
        return issues(response).stream()
                .map(issue -> issue.getCode().getCoding().stream()
                                .filter(c -> c.getSystem().endsWith("/conflict-knowledge"))
                                .findFirst()
                                .orElseThrow()
                                .getCode()
                        + " "
                        + issue.getImplicated().stream()
                                .map(Reference::getReference)
                                .reduce((a, b) -> a + " " + b)
                                .orElse(""))
                .toList();
    }

    private static MedicationRequest nsaid(String patient, String code, String display) {
        MedicationRequest order = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setSubject(new Reference(patient))
                .setAuthoredOnElement(new DateTimeType(day(20)));
        order.getMedicationCodeableConcept()
                .addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", code, display));
        return order;
    }

    /** Stores a resource as of {@link #RECORDED}, before the day, through HAPI's DAO; answers {@code Type/id}. */
    @SuppressWarnings("unchecked")
    private <T extends Resource> String recordedThen(T resource) {
        IFhirResourceDao<T> dao = daos.getResourceDao((Class<T>) resource.getClass());
        return dao.create(resource, null, true, new SystemRequestDetails(), new TransactionDetails(RECORDED))
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
    }

    /** The day {@code days} before {@link #AS_OF}, as a FHIR date. */
    private static String day(int days) {
        return AS_OF.minusDays(days).toString();
    }

    private static ServiceRequest referral(String patient) {
        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setAuthoredOnElement(new DateTimeType(day(90)))
                .setSubject(new Reference(patient));
        referral.getCode().setText("behavioral health referral");
        return referral;
    }

    private static Condition diabetes(String patient) {
        Condition diabetes = new Condition().setSubject(new Reference(patient));
        diabetes.getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        diabetes.getCode().addCoding(new Coding("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"));
        diabetes.setOnset(new DateTimeType("2020-01-01"));
        return diabetes;
    }

    private static Observation observation(String patient, String loinc, double value, String effective) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding(new Coding("http://loinc.org", loinc, null));
        observation.setSubject(new Reference(patient));
        observation.setEffective(new DateTimeType(effective));
        observation.setValue(new Quantity(value));
        return observation;
    }

    private static Parameters parameters(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, response.body());
    }

    private static List<DetectedIssue> issues(Response response) {
        Parameters parameters = parameters(response);
        assertThat(parameters.getParameter()).hasSize(1);
        return issues(parameters);
    }

    private static List<DetectedIssue> issues(Parameters parameters) {
        Bundle document = (Bundle) parameters.getParameterFirstRep().getResource();
        return document.getEntry().stream()
                .filter(e -> e.getResource() instanceof DetectedIssue)
                .map(e -> (DetectedIssue) e.getResource())
                .toList();
    }

    private static List<String> details(List<DetectedIssue> issues) {
        return issues.stream().map(DetectedIssue::getDetail).toList();
    }

    private static String rule(DetectedIssue issue) {
        return issue.getCode().getCoding().get(1).getCode();
    }
}

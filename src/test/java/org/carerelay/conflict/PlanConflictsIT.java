package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code $plan-conflicts} over HTTP on the seeds' patient (diabetes with an endocrinologist, heart failure with a
 * cardiologist, depression with a psychiatrist, primary care on top) and a control patient: each conflict found with
 * both authors, the control clean, the population form narrowed by a Group, the knowledge readable as CodeSystem and
 * ValueSets, and bad parameters answered 400 naming the parameter.
 */
class PlanConflictsIT extends AbstractFhirIT {

    static final String RX = "http://www.nlm.nih.gov/research/umls/rxnorm";
    /** Today: a past day is judged by the record as it stood then, before these were stored. */
    static final java.time.LocalDate TODAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC);

    static final String AS_OF = TODAY.toString();

    private static final List<Resource> RESOURCES = new ArrayList<>();
    private static boolean loaded;

    static {
        for (String dr : List.of("pc-endo", "pc-cardio", "pc-psych", "pc-pcp")) {
            Practitioner p = new Practitioner();
            p.setId(dr);
            RESOURCES.add(p);
        }
        patient("pc-seeds");
        patient("pc-control");
        condition("pc-seeds", "pc-dm", "http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "pc-endo");
        condition("pc-seeds", "pc-hf", "http://snomed.info/sct", "88805009", "pc-cardio");
        condition("pc-seeds", "pc-dep", "http://hl7.org/fhir/sid/icd-10-cm", "F32.9", "pc-psych");
        condition("pc-control", "pc-hf2", "http://snomed.info/sct", "88805009", "pc-cardio");
        order("pc-seeds", "pc-metformin", "860975", "24 HR Metformin hydrochloride 500 MG", "pc-endo");
        order("pc-seeds", "pc-pioglitazone", "33738", "pioglitazone", null);
        order("pc-seeds", "pc-simvastatin", "312961", "Simvastatin 20 MG Oral Tablet", "pc-cardio");
        order("pc-seeds", "pc-clarithromycin", "21212", "clarithromycin", "pc-pcp");
        order("pc-seeds", "pc-sertraline", "36437", "sertraline", "pc-pcp");
        order("pc-seeds", "pc-phenelzine", "8123", "phenelzine", "pc-psych");
        plan("pc-seeds", "pc-plan-dm", "pc-endo", "pc-metformin", "pc-pioglitazone");
        plan("pc-seeds", "pc-plan-hf", "pc-cardio", "pc-simvastatin");
        plan("pc-seeds", "pc-plan-dep", "pc-psych", "pc-phenelzine");
        order("pc-control", "pc-pravastatin", "42463", "pravastatin", "pc-cardio");
        order("pc-control", "pc-amoxicillin", "723", "amoxicillin", "pc-pcp");
        order("pc-control", "pc-metformin2", "6809", "metformin", "pc-endo");
        order("pc-control", "pc-sertraline2", "36437", "sertraline", "pc-pcp");
        more();
        // NYHA class II, stated as an observation's value: pioglitazone in heart failure is a warning, not a
        // contraindication
        patient("pc-nyha");
        condition("pc-nyha", "pc-nyha-hf", "http://snomed.info/sct", "84114007", "pc-cardio");
        order("pc-nyha", "pc-nyha-pioglitazone", "33738", "pioglitazone", "pc-endo");
        org.hl7.fhir.r4.model.Observation nyha = new org.hl7.fhir.r4.model.Observation()
                .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept().setText("NYHA functional class"))
                .setSubject(new Reference("Patient/pc-nyha"))
                .setEffective(new DateTimeType("2026-05-01"))
                .setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "421704003", "NYHA class II")));
        nyha.setId("pc-nyha-class");
        RESOURCES.add(nyha);
        // dronedarone in class II heart failure, ten days after a hospital stay for it: a recent decompensation
        patient("pc-drone");
        condition("pc-drone", "pc-drone-hf", "http://snomed.info/sct", "84114007", "pc-cardio");
        order("pc-drone", "pc-drone-dronedarone", "233698", "dronedarone", "pc-pcp");
        org.hl7.fhir.r4.model.Encounter stay = new org.hl7.fhir.r4.model.Encounter()
                .setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient"))
                .setSubject(new Reference("Patient/pc-drone"))
                .setPeriod(new org.hl7.fhir.r4.model.Period()
                        .setStartElement(new DateTimeType(TODAY.minusDays(14).toString()))
                        .setEndElement(new DateTimeType(TODAY.minusDays(10).toString())));
        stay.addReasonReference(new Reference("Condition/pc-drone-hf"));
        stay.setId("pc-drone-stay");
        RESOURCES.add(stay);
        beers();
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId("pc-group");
        group.addMember().setEntity(new Reference("Patient/pc-seeds"));
        group.addMember().setEntity(new Reference("Patient/pc-control"));
        RESOURCES.add(group);
    }

    /**
     * The parts the seeds do not reach: goals that do not overlap (one in mmol/mol), a prohibited activity ordered by
     * another prescriber, and an NSAID statement with a latest eGFR under 30.
     */
    static void more() {
        patient("pc-more");
        CarePlan diabetes = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference("Patient/pc-more"))
                .setAuthor(new Reference("Practitioner/pc-endo"));
        diabetes.setId("pc-plan-more-a");
        diabetes.addGoal(new Reference("Goal/pc-goal-a"));
        diabetes.addActivity()
                .getDetail()
                .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                .setDoNotPerform(true)
                .setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "91251008", "Physical therapy")));
        CarePlan primary = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference("Patient/pc-more"))
                .setAuthor(new Reference("Practitioner/pc-pcp"));
        primary.setId("pc-plan-more-b");
        primary.addGoal(new Reference("Goal/pc-goal-b"));
        RESOURCES.add(diabetes);
        RESOURCES.add(primary);
        org.hl7.fhir.r4.model.Goal tight = new org.hl7.fhir.r4.model.Goal()
                .setLifecycleStatus(org.hl7.fhir.r4.model.Goal.GoalLifecycleStatus.ACTIVE)
                .setSubject(new Reference("Patient/pc-more"))
                .setDescription(new CodeableConcept().setText("HbA1c under 7 %"));
        tight.setId("pc-goal-a");
        tight.addTarget()
                .setMeasure(new CodeableConcept(new Coding("http://loinc.org", "4548-4", null)))
                .setDetail(new org.hl7.fhir.r4.model.Quantity(7)
                        .setComparator(org.hl7.fhir.r4.model.Quantity.QuantityComparator.LESS_THAN)
                        .setUnit("%"));
        org.hl7.fhir.r4.model.Goal loose = new org.hl7.fhir.r4.model.Goal()
                .setLifecycleStatus(org.hl7.fhir.r4.model.Goal.GoalLifecycleStatus.ACTIVE)
                .setSubject(new Reference("Patient/pc-more"))
                .setDescription(new CodeableConcept().setText("HbA1c 58-64 mmol/mol"));
        loose.setId("pc-goal-b");
        loose.addTarget()
                .setMeasure(new CodeableConcept(new Coding("http://loinc.org", "59261-8", null)))
                .setDetail(new org.hl7.fhir.r4.model.Range()
                        .setLow(new org.hl7.fhir.r4.model.Quantity(58).setUnit("mmol/mol"))
                        .setHigh(new org.hl7.fhir.r4.model.Quantity(64).setUnit("mmol/mol")));
        RESOURCES.add(tight);
        RESOURCES.add(loose);
        org.hl7.fhir.r4.model.ServiceRequest therapy = new org.hl7.fhir.r4.model.ServiceRequest()
                .setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent.ORDER)
                .setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "91251008", "Physical therapy")))
                .setSubject(new Reference("Patient/pc-more"))
                .setRequester(new Reference("Practitioner/pc-pcp"));
        therapy.setId("pc-sr-pt");
        RESOURCES.add(therapy);
        org.hl7.fhir.r4.model.Observation egfr = new org.hl7.fhir.r4.model.Observation()
                .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "33914-3", null)))
                .setSubject(new Reference("Patient/pc-more"))
                .setEffective(new DateTimeType("2026-05-01"))
                .setValue(new org.hl7.fhir.r4.model.Quantity(24).setUnit("mL/min/{1.73_m2}"));
        egfr.setId("pc-egfr");
        RESOURCES.add(egfr);
        org.hl7.fhir.r4.model.MedicationStatement ibuprofen = new org.hl7.fhir.r4.model.MedicationStatement()
                .setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE)
                .setMedication(new CodeableConcept(new Coding(RX, "310965", "Ibuprofen 200 MG Oral Tablet")))
                .setSubject(new Reference("Patient/pc-more"))
                .setInformationSource(new Reference("Practitioner/pc-pcp"));
        ibuprofen.setId("pc-ms-ibuprofen");
        RESOURCES.add(ibuprofen);
    }

    /**
     * A woman of 68 with Parkinson disease, urinary incontinence and a hip fracture: AGS Beers Criteria rows with an
     * excepted member (quetiapine in Parkinson disease) and an excluded route (vaginal estradiol), by the route stored.
     */
    static void beers() {
        patient("pc-beers");
        ((Patient) RESOURCES.get(RESOURCES.size() - 1))
                .setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
        condition("pc-beers", "pc-beers-pd", "http://hl7.org/fhir/sid/icd-10-cm", "G20", "pc-pcp");
        condition("pc-beers", "pc-beers-ui", "http://hl7.org/fhir/sid/icd-10-cm", "R32", "pc-pcp");
        // a healed fracture: a history of falls or fractures counts, resolved or not
        condition("pc-beers", "pc-beers-hip", "http://snomed.info/sct", "359817006", "pc-pcp");
        Condition healed = (Condition) RESOURCES.get(RESOURCES.size() - 1);
        healed.getClinicalStatus().getCodingFirstRep().setCode("resolved");
        healed.setAbatement(new DateTimeType("2025-03-01"));
        order("pc-beers", "pc-beers-haloperidol", "5093", "haloperidol", "pc-psych");
        order("pc-beers", "pc-beers-quetiapine", "51272", "quetiapine", "pc-psych");
        order("pc-beers", "pc-beers-estradiol-oral", "4083", "estradiol 1 MG Oral Tablet", "pc-endo");
        order("pc-beers", "pc-beers-estradiol-vaginal", "4083", "estradiol", "pc-pcp");
        ((MedicationRequest) RESOURCES.get(RESOURCES.size() - 1))
                .addDosageInstruction()
                .setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", "16857009", "Vaginal route")));
    }

    static void patient(String id) {
        Patient patient = new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1958-04-02"));
        patient.setId(id);
        RESOURCES.add(patient);
    }

    static void condition(String patient, String id, String system, String code, String asserter) {
        Condition condition = new Condition()
                .setSubject(new Reference("Patient/" + patient))
                .setCode(new CodeableConcept(new Coding(system, code, null)))
                .setAsserter(new Reference("Practitioner/" + asserter));
        condition
                .getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        condition
                .getVerificationStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null));
        condition.setId(id);
        RESOURCES.add(condition);
    }

    static void order(String patient, String id, String code, String display, String requester) {
        MedicationRequest request = new MedicationRequest()
                .setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setMedication(new CodeableConcept(new Coding(RX, code, display)))
                .setSubject(new Reference("Patient/" + patient))
                .setAuthoredOnElement(new DateTimeType("2026-06-01"));
        if (requester != null) {
            request.setRequester(new Reference("Practitioner/" + requester));
        }
        request.setId(id);
        RESOURCES.add(request);
    }

    static void plan(String patient, String id, String author, String... orders) {
        CarePlan plan = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference("Patient/" + patient))
                .setAuthor(new Reference("Practitioner/" + author));
        for (String order : orders) {
            plan.addActivity().setReference(new Reference("MedicationRequest/" + order));
        }
        plan.setId(id);
        RESOURCES.add(plan);
    }

    @BeforeEach
    void loadOnce() {
        synchronized (PlanConflictsIT.class) {
            if (loaded) {
                return;
            }
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (Resource resource : RESOURCES) {
                transaction
                        .addEntry()
                        .setResource(resource)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.PUT)
                        .setUrl(resource.fhirType() + "/"
                                + resource.getIdElement().getIdPart());
            }
            client.transaction().withBundle(transaction).execute();
            loaded = true;
        }
    }

    @Test
    void theSeedsPatientsConflictsAreFoundWithBothAuthors() {
        Parameters answer = call("/Patient/pc-seeds/$plan-conflicts?asOf=" + AS_OF);
        List<DetectedIssue> issues = issues(answer);
        assertThat(issues)
                .extracting(PlanConflictsIT::line)
                .containsExactly(
                        "drug-drug ddi-maoi-ssri high MedicationRequest/pc-phenelzine MedicationRequest/pc-sertraline"
                                + " authors Practitioner/pc-psych Practitioner/pc-pcp",
                        "drug-drug ddi-statin-cyp3a4 high MedicationRequest/pc-simvastatin"
                                + " MedicationRequest/pc-clarithromycin authors Practitioner/pc-cardio Practitioner/pc-pcp",
                        "drug-disease dd-tzd-heart-failure high MedicationRequest/pc-pioglitazone Condition/pc-hf"
                                + " authors Practitioner/pc-endo Practitioner/pc-cardio");
        assertThat(issues.get(0).getDetail()).startsWith("ONC high-priority DDI list (Phansalkar 2012): ");
        assertThat(issues.get(0).getReference()).isEqualTo("https://doi.org/10.1136/amiajnl-2011-000612");
        assertThat(issues.get(2).getReference()).contains("pioglitazone");
        Bundle report = (Bundle) answer.getParameterFirstRep().getResource();
        assertThat(report.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(report.getEntryFirstRep().getResource().fhirType()).isEqualTo("Composition");
    }

    @Test
    void goalsProhibitionsStatementsAndEgfrAreReadFromTheStore() {
        assertThat(issues(call("/Patient/pc-more/$plan-conflicts?asOf=" + AS_OF)))
                .extracting(PlanConflictsIT::line)
                .containsExactlyInAnyOrder(
                        "drug-disease dd-nsaid-ckd-4-5 high MedicationStatement/pc-ms-ibuprofen Observation/pc-egfr"
                                + " authors Practitioner/pc-pcp none",
                        "conflicting-goals conflicting-goals moderate Goal/pc-goal-a Goal/pc-goal-b"
                                + " authors Practitioner/pc-endo Practitioner/pc-pcp",
                        "prohibited-vs-ordered prohibited-vs-ordered high CarePlan/pc-plan-more-a"
                                + " ServiceRequest/pc-sr-pt authors Practitioner/pc-endo Practitioner/pc-pcp");
    }

    @Test
    void aNyhaClassObservedGradesTheThiazolidinedioneInPlanConflictsAndCareGaps() {
        List<DetectedIssue> conflicts = issues(call("/Patient/pc-nyha/$plan-conflicts?asOf=" + AS_OF));
        assertThat(conflicts)
                .extracting(PlanConflictsIT::line)
                .containsExactly("drug-disease dd-tzd-heart-failure moderate MedicationRequest/pc-nyha-pioglitazone"
                        + " Condition/pc-nyha-hf authors Practitioner/pc-endo Practitioner/pc-cardio");
        assertThat(conflicts.get(0).getDetail()).contains("(NYHA class II (Observation/pc-nyha-class)).");
        // the same conflict as care gap G11, read through the care-gap loader
        List<DetectedIssue> gaps = issues(call("/Patient/pc-nyha/$care-gaps?status=open-gap&rule=conflicting-plans"));
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).getEvidence())
                .extracting(e -> e.getCodeFirstRep().getText())
                .first()
                .asString()
                .startsWith("MedicationRequest/pc-nyha-pioglitazone, status active: drug-disease/dd-tzd-heart-failure"
                        + " (moderate): ")
                .contains("(NYHA class II (Observation/pc-nyha-class))");
    }

    @Test
    void aRecentHospitalStayForHeartFailureMakesDronedaroneContraindicatedInPlanConflictsAndCareGaps() {
        List<DetectedIssue> conflicts = issues(call("/Patient/pc-drone/$plan-conflicts"));
        assertThat(conflicts)
                .extracting(PlanConflictsIT::line)
                .containsExactly("drug-disease dd-dronedarone-heart-failure high"
                        + " MedicationRequest/pc-drone-dronedarone Condition/pc-drone-hf"
                        + " authors Practitioner/pc-pcp Practitioner/pc-cardio");
        assertThat(conflicts.get(0).getDetail())
                .contains("(NYHA class not recorded; recent decompensation: hospital stay for heart-failure, ended "
                        + TODAY.minusDays(10) + " (Encounter/pc-drone-stay)).");
        List<DetectedIssue> gaps = issues(call("/Patient/pc-drone/$care-gaps?status=open-gap&rule=conflicting-plans"));
        assertThat(gaps)
                .singleElement()
                .satisfies(gap -> assertThat(
                                gap.getEvidenceFirstRep().getCodeFirstRep().getText())
                        .contains("dd-dronedarone-heart-failure (high)"));
        // a month on, the stay no longer counts
        assertThat(issues(call("/Patient/pc-drone/$plan-conflicts?asOf=" + TODAY.plusDays(21))))
                .extracting(DetectedIssue::getSeverity)
                .containsExactly(DetectedIssue.DetectedIssueSeverity.MODERATE);
    }

    @Test
    void beersRowsApplyWithTheirExceptionsAndRoutes() {
        List<DetectedIssue> conflicts =
                issues(call("/Patient/pc-beers/$plan-conflicts?asOf=" + AS_OF + "&rule=drug-disease"));
        assertThat(conflicts)
                .extracting(PlanConflictsIT::line)
                .containsExactlyInAnyOrder(
                        "drug-disease beers-falls-antipsychotic moderate MedicationRequest/pc-beers-haloperidol"
                                + " Condition/pc-beers-hip authors Practitioner/pc-psych Practitioner/pc-pcp",
                        "drug-disease beers-falls-antipsychotic moderate MedicationRequest/pc-beers-quetiapine"
                                + " Condition/pc-beers-hip authors Practitioner/pc-psych Practitioner/pc-pcp",
                        "drug-disease beers-parkinson-antipsychotic moderate MedicationRequest/pc-beers-haloperidol"
                                + " Condition/pc-beers-pd authors Practitioner/pc-psych Practitioner/pc-pcp",
                        "drug-disease beers-incontinence-estrogen moderate MedicationRequest/pc-beers-estradiol-oral"
                                + " Condition/pc-beers-ui authors Practitioner/pc-endo Practitioner/pc-pcp");
        assertThat(conflicts).allSatisfy(issue -> {
            assertThat(issue.getDetail()).startsWith("AGS Beers Criteria 2023 (Table 3): ");
            assertThat(issue.getReference()).isEqualTo("https://doi.org/10.1111/jgs.18372");
        });
        // the same rows as care gap G11
        assertThat(issues(call("/Patient/pc-beers/$care-gaps?status=open-gap&rule=conflicting-plans")))
                .flatExtracting(DetectedIssue::getEvidence)
                .extracting(e -> e.getCodeFirstRep().getText())
                .filteredOn(text -> text.startsWith("MedicationRequest/") && text.contains(": drug-disease/beers-"))
                .hasSize(4);
        CodeSystem knowledge = client.read()
                .resource(CodeSystem.class)
                .withId("conflict-knowledge")
                .execute();
        assertThat(knowledge.getConcept())
                .filteredOn(c -> c.getCode().equals("beers-parkinson-antipsychotic"))
                .singleElement()
                .satisfies(c -> assertThat(c.getDefinition())
                        .startsWith("antipsychotics with parkinson-disease, age 65 or older, except [quetiapine,"));
        ValueSet falls = client.read()
                .resource(ValueSet.class)
                .withId("conflict-condition-falls-or-fractures")
                .execute();
        assertThat(falls.getCompose().getInclude())
                .flatExtracting(ValueSet.ConceptSetComponent::getConcept)
                .extracting(ValueSet.ConceptReferenceComponent::getCode)
                .contains("359817006", "Z91.81");
    }

    @Test
    void theControlIsClean() {
        assertThat(call("/Patient/pc-control/$plan-conflicts?asOf=" + AS_OF).getParameter())
                .isEmpty();
    }

    @Test
    void postAndRuleFilterAnswerTheSame() {
        Parameters in = new Parameters();
        in.addParameter().setName("asOf").setValue(new org.hl7.fhir.r4.model.DateType(AS_OF));
        in.addParameter().setName("rule").setValue(new org.hl7.fhir.r4.model.CodeType("drug-disease"));
        Response response = http.postJson(
                "/Patient/pc-seeds/$plan-conflicts", FHIR.newJsonParser().encodeResourceToString(in));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Parameters answer = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
        assertThat(issues(answer))
                .extracting(PlanConflictsIT::line)
                .hasSize(1)
                .first()
                .asString()
                .startsWith("drug-disease dd-tzd-heart-failure");
    }

    @Test
    void thePopulationFormNarrowedToAGroupReportsOnlyPatientsWithConflicts() {
        // in id order the control comes first: it is walked past, clean, and the page fills with the seeds' patient
        Parameters all = call("/Patient/$plan-conflicts?asOf=" + AS_OF + "&subject=Group/pc-group&_count=1");
        assertThat(all.getParameter())
                .extracting(Parameters.ParametersParameterComponent::getName)
                .containsExactly("return");
        Bundle report = (Bundle) all.getParameterFirstRep().getResource();
        assertThat(((Patient) report.getEntry().get(1).getResource()).getIdPart())
                .isEqualTo("pc-seeds");
        assertThat(call("/Patient/$plan-conflicts?asOf=" + AS_OF + "&subject=Patient/pc-control")
                        .getParameter())
                .isEmpty();
        assertThat(call("/Patient/$plan-conflicts?asOf=" + AS_OF + "&subject=Group/pc-group&rule=conflicting-goals")
                        .getParameter())
                .isEmpty();
    }

    @Test
    void theKnowledgeIsReadableAsCodeSystemsAndValueSets() {
        CodeSystem knowledge = client.read()
                .resource(CodeSystem.class)
                .withId("conflict-knowledge")
                .execute();
        assertThat(knowledge.getVersion()).isEqualTo("2");
        assertThat(knowledge.getConcept())
                .filteredOn(c -> c.getCode().equals("ddi-statin-cyp3a4"))
                .singleElement()
                .satisfies(c -> assertThat(c.getDefinition()).contains("https://doi.org/10.1136/amiajnl-2011-000612"));
        ValueSet ssris = client.read()
                .resource(ValueSet.class)
                .withId("conflict-class-ssris")
                .execute();
        assertThat(ssris.getUrl()).isEqualTo("https://carerelay.org/fhir/ValueSet/conflict-class-ssris");
        assertThat(ssris.getCompose().getIncludeFirstRep().getConcept())
                .extracting(ValueSet.ConceptReferenceComponent::getCode)
                .contains("36437", "328670");
        // a class says where its members come from
        ValueSet ppis = client.read()
                .resource(ValueSet.class)
                .withId("conflict-class-ppis")
                .execute();
        assertThat(ppis.getDescription())
                .isEqualTo("Proton pump inhibitors: codes of the plan-conflict knowledge, version 2 (RxNorm ingredients"
                        + " and clinical drugs, ATC classes). Members: Phansalkar 2012, Table 2, as the paper lists"
                        + " them (omeprazole, lansoprazole, pantoprazole, rabeprazole, esomeprazole), with"
                        + " dexlansoprazole, which the panel asked to add");
        CodeSystem rules =
                client.read().resource(CodeSystem.class).withId("conflict-rule").execute();
        assertThat(rules.getConcept())
                .extracting(CodeSystem.ConceptDefinitionComponent::getCode)
                .containsExactly(
                        "drug-drug", "drug-disease", "duplicate-therapy", "conflicting-goals", "prohibited-vs-ordered");
    }

    @Test
    void badParametersAreRefusedWithAnOutcomeNamingTheParameter() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/Patient/pc-seeds/$plan-conflicts?asOf=2026-02-30", "asOf");
        cases.put("/Patient/pc-seeds/$plan-conflicts?asOf=2026-06", "asOf");
        cases.put("/Patient/pc-seeds/$plan-conflicts?rule=drug-food", "rule");
        cases.put("/Patient/$plan-conflicts?_count=0", "_count");
        cases.put("/Patient/$plan-conflicts?practitioner=Patient/1", "practitioner");
        cases.put("/Patient/$plan-conflicts?subject=Practitioner/1", "subject");
        cases.put("/Patient/$plan-conflicts?_cursor=nonsense", "_cursor");
        cases.put("/Patient/$plan-conflicts?_offset=20", "_offset");
        cases.forEach((path, parameter) -> {
            Response response = http.get(path);
            assertThat(response.status()).as(path + "\n" + response.body()).isEqualTo(400);
            OperationOutcome outcome = response.outcome();
            assertThat(outcome.getIssueFirstRep().getCode()).as(path).isEqualTo(OperationOutcome.IssueType.INVALID);
            assertThat(outcome.getIssueFirstRep().getExpression())
                    .extracting(e -> e.getValue())
                    .as(path)
                    .containsExactly(parameter);
        });
        assertThat(http.get("/Patient/pc-nobody/$plan-conflicts").status()).isEqualTo(404);
    }

    private Parameters call(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(path + "\n" + response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, response.body());
    }

    private static List<DetectedIssue> issues(Parameters answer) {
        return answer.getParameter().stream()
                .filter(p -> p.getResource() instanceof Bundle)
                .flatMap(p -> ((Bundle) p.getResource()).getEntry().stream())
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(DetectedIssue.class::isInstance)
                .map(DetectedIssue.class::cast)
                .toList();
    }

    /** "rule entry severity first second authors a b": the rule and knowledge codes, both sides and their authors. */
    static String line(DetectedIssue issue) {
        String rule = code(issue, ConflictReport.RULE_SYSTEM);
        String entry = code(issue, ConflictReport.KNOWLEDGE_SYSTEM);
        List<String> authors = issue.getEvidence().stream()
                .map(e -> e.getDetail().size() > 1 ? e.getDetail().get(1).getReference() : "none")
                .toList();
        return rule + " " + entry + " " + issue.getSeverity().toCode() + " "
                + issue.getImplicated().stream()
                        .map(Reference::getReference)
                        .reduce((a, b) -> a + " " + b)
                        .orElse("")
                + " authors " + String.join(" ", authors);
    }

    private static String code(DetectedIssue issue, String system) {
        return issue.getCode().getCoding().stream()
                .filter(c -> system.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
    }
}

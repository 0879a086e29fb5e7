package org.carerelay.caregap;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the ten care-gap rules should find in one Synthea patient bundle, read from the JSON as the design's care-gap
 * table and the README's record-status table word it (DESIGN.md, "Care gaps"; thresholds at their defaults: 30 days,
 * 72 hours, 180 days, 2 conditions, PHQ-9 of 10 and 30 days, 180 days, 7 days, and 90 days of lookback). It shares
 * no code with the rules: it reads the bundle as a person would, for the shapes Synthea writes (dateTimes with an
 * offset, SNOMED CT codes, classes from v3-ActCode).
 *
 * <p>The chart is stored today, so {@code meta.lastUpdated} is today whatever the file says, and {@code asOf} is
 * today or later: a chart read as of a day before it was stored has no gaps.
 */
final class SyntheaChart {

    static final Set<String> DIABETES = Set.of("44054006", "46635009", "73211009");
    static final Set<String> HBA1C = Set.of("4548-4", "17856-6");
    static final String PHQ9_TOTAL = "44261-6";

    /** The chronic concepts of the design (diabetes, hypertension, heart failure, CKD, COPD, depression, asthma). */
    static final Map<String, Set<String>> CHRONIC = Map.of(
            "diabetes", DIABETES,
            "hypertension", Set.of("38341003", "59621000"),
            "heart-failure", Set.of("84114007", "88805009", "42343007"),
            "chronic-kidney-disease",
                    Set.of("709044004", "431855005", "431856006", "433144002", "431857002", "46177005"),
            "copd", Set.of("13645005", "185086009", "87433001"),
            "depression", Set.of("35489007", "370143000", "36923009"),
            "asthma", Set.of("195967001", "233678006"));

    static final Set<String> COORDINATOR_ROLES = Set.of("768820003", "768821004");
    static final Set<String> COORDINATOR_WORDS =
            Set.of("care coordinator", "case manager", "care manager", "patient navigator", "navigator");
    static final Set<String> HANDOFF_TYPES = Set.of("referral", "transition-of-care", "shift-change", "warm-handoff");
    static final Set<String> TASK_FINAL = Set.of("completed", "cancelled", "rejected", "failed", "entered-in-error");
    static final Set<String> TOOK_PLACE = Set.of("arrived", "triaged", "in-progress", "onleave", "finished");
    static final Set<String> RESULT_STATUS = Set.of("preliminary", "final", "amended", "corrected");

    final String identifier;
    private final List<JsonNode> resources = new ArrayList<>();

    SyntheaChart(JsonNode bundle) {
        bundle.get("entry").forEach(entry -> resources.add(entry.get("resource")));
        identifier = resources.get(0).get("identifier").get(0).get("value").asText();
    }

    /**
     * Gaps by rule code (rules without gaps left out) as of a day, for a chart stored before {@code now}: hour limits
     * are measured to {@code now} when asOf is today, to the end of asOf otherwise.
     */
    Map<String, Integer> gaps(LocalDate asOf, Instant now) {
        Instant end = asOf.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant evaluated = now.isBefore(end) ? now : end;
        Map<String, Integer> gaps = new TreeMap<>();
        JsonNode patient = resources.get(0);
        boolean dead = patient.path("deceasedBoolean").asBoolean(false)
                || (patient.has("deceasedDateTime")
                        && !instant(patient.get("deceasedDateTime")).isAfter(end));
        if (dead || !patient.path("active").asBoolean(true)) {
            return gaps;
        }
        add(gaps, "referral-open", referralsOpen(end));
        add(gaps, "handoff-unacknowledged", handoffsUnacknowledged(evaluated));
        add(gaps, "task-overdue", tasksOverdue(evaluated));
        add(gaps, "careplan-activity-overdue", activitiesOverdue(evaluated));
        add(gaps, "careplan-review-overdue", plansUnreviewed(asOf, now, evaluated));
        add(gaps, "no-care-coordinator", chronicWithoutCoordinator(end) ? 1 : 0);
        add(gaps, "fragmented-care-plans", fragmented() ? 1 : 0);
        add(gaps, "depression-follow-up-missing", depressionNotFollowedUp(end) ? 1 : 0);
        add(gaps, "hba1c-overdue", hba1cOverdue(end) ? 1 : 0);
        add(gaps, "post-discharge-follow-up-missing", staysWithoutFollowUp(end));
        return gaps;
    }

    /** G01: an active ServiceRequest authored over 30 days ago that nothing done (basedOn it) or no completed Task. */
    private int referralsOpen(Instant end) {
        int open = 0;
        for (JsonNode request : of("ServiceRequest", end, "authoredOn")) {
            if (!request.path("status").asText().equals("active")
                    || !request.has("authoredOn")
                    || !instant(request.get("authoredOn")).isBefore(end.minus(30, ChronoUnit.DAYS))) {
                continue;
            }
            String key = "urn:uuid:" + request.get("id").asText();
            boolean fulfilled = resources.stream().anyMatch(r -> switch (r.get("resourceType")
                    .asText()) {
                case "Task" ->
                    r.path("status").asText().equals("completed")
                            && (refersTo(r.path("focus"), key) || refersToAny(r.path("basedOn"), key));
                case "Encounter", "Procedure", "DiagnosticReport", "Observation" ->
                    refersToAny(r.path("basedOn"), key)
                            && !r.path("status").asText().equals("entered-in-error");
                default -> false;
            });
            open += fulfilled ? 0 : 1;
        }
        return open;
    }

    /** G02: a handoff Task still requested or received 72 hours after it was authored. */
    private int handoffsUnacknowledged(Instant now) {
        int waiting = 0;
        for (JsonNode task : of("Task", now, "authoredOn")) {
            boolean handoff = task.path("code").path("coding").findValuesAsText("code").stream()
                    .anyMatch(HANDOFF_TYPES::contains);
            if (handoff
                    && Set.of("requested", "received")
                            .contains(task.path("status").asText())
                    && task.has("authoredOn")
                    && instant(task.get("authoredOn"))
                            .plus(72, ChronoUnit.HOURS)
                            .isBefore(now)) {
                waiting++;
            }
        }
        return waiting;
    }

    /** G03: a Task not in a final state past its restriction.period.end. */
    private int tasksOverdue(Instant now) {
        int overdue = 0;
        for (JsonNode task : of("Task", now, "authoredOn")) {
            JsonNode due = task.path("restriction").path("period").path("end");
            if (task.has("status")
                    && !TASK_FINAL.contains(task.get("status").asText())
                    && !due.isMissingNode()
                    && instant(due).isBefore(now)) {
                overdue++;
            }
        }
        return overdue;
    }

    /** G04: an activity of an active CarePlan not started or scheduled whose scheduled end has passed. */
    private int activitiesOverdue(Instant now) {
        int overdue = 0;
        for (JsonNode plan : activePlans()) {
            for (JsonNode activity : plan.path("activity")) {
                JsonNode detail = activity.path("detail");
                JsonNode scheduledEnd = detail.has("scheduledDateTime")
                        ? detail.get("scheduledDateTime")
                        : detail.path("scheduledPeriod").path("end");
                if (Set.of("not-started", "scheduled")
                                .contains(detail.path("status").asText())
                        && !scheduledEnd.isMissingNode()
                        && instant(scheduledEnd).isBefore(now)) {
                    overdue++;
                }
            }
        }
        return overdue;
    }

    /**
     * G05: an active CarePlan past its period's end, or not updated in the 180 days before asOf; the plan was last
     * updated when it was stored, shortly before {@code stored}.
     */
    private int plansUnreviewed(LocalDate asOf, Instant stored, Instant now) {
        int stale = 0;
        for (JsonNode plan : activePlans()) {
            JsonNode planEnd = plan.path("period").path("end");
            boolean ended = !planEnd.isMissingNode() && instant(planEnd).isBefore(now);
            boolean notReviewed = LocalDate.ofInstant(stored, ZoneOffset.UTC).isBefore(asOf.minusDays(180));
            stale += ended || notReviewed ? 1 : 0;
        }
        return stale;
    }

    /** G06: two or more active chronic diseases (counted as concepts) and no coordinator on an active CareTeam. */
    private boolean chronicWithoutCoordinator(Instant end) {
        Set<String> concepts = new HashSet<>();
        for (JsonNode condition : activeConditions(end)) {
            List<String> codes = codes(condition.path("code"));
            CHRONIC.forEach((concept, members) -> {
                if (codes.stream().anyMatch(members::contains)) {
                    concepts.add(concept);
                }
            });
        }
        boolean coordinator = of("CareTeam", end, null).stream()
                .filter(team -> team.path("status").asText().equals("active"))
                .flatMap(team -> stream(team.path("participant")))
                .flatMap(participant -> stream(participant.path("role")))
                .anyMatch(role -> codes(role).stream().anyMatch(COORDINATOR_ROLES::contains)
                        || (role.path("text").asText() + " " + role.findValuesAsText("display"))
                                .toLowerCase(java.util.Locale.ROOT)
                                .lines()
                                .anyMatch(words -> COORDINATOR_WORDS.stream().anyMatch(words::contains)));
        return concepts.size() >= 2 && !coordinator;
    }

    /** G07: two active CarePlans by different authors that share no care team and do not reference each other. */
    private boolean fragmented() {
        List<JsonNode> plans = activePlans();
        for (JsonNode a : plans) {
            for (JsonNode b : plans) {
                String authorA = a.path("author").path("reference").asText(null);
                String authorB = b.path("author").path("reference").asText(null);
                if (authorA == null || authorB == null || authorA.equals(authorB)) {
                    continue;
                }
                Set<String> teams = new HashSet<>(a.path("careTeam").findValuesAsText("reference"));
                boolean shareTeam = b.path("careTeam").findValuesAsText("reference").stream()
                        .anyMatch(teams::contains);
                if (!shareTeam && !mentions(a, b) && !mentions(b, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * G08: the latest PHQ-9 total of 10 or more, taken in the 90 days before asOf and at least 30 days before it, with
     * no PHQ-9 score in the 30 days after it, no active CarePlan addressing a depression Condition and no active
     * ServiceRequest for depression.
     */
    private boolean depressionNotFollowedUp(Instant end) {
        List<JsonNode> screens = of("Observation", end, "effectiveDateTime").stream()
                .filter(o -> codes(o.path("code")).contains(PHQ9_TOTAL))
                .filter(o -> RESULT_STATUS.contains(o.path("status").asText()) && o.has("effectiveDateTime"))
                .toList();
        JsonNode positive = null;
        for (JsonNode screen : screens) {
            Instant when = instant(screen.get("effectiveDateTime"));
            boolean inWindow =
                    !when.isBefore(end.minus(90, ChronoUnit.DAYS)) && !when.isAfter(end.minus(30, ChronoUnit.DAYS));
            if (score(screen) >= 10
                    && inWindow
                    && (positive == null || when.isAfter(instant(positive.get("effectiveDateTime"))))) {
                positive = screen;
            }
        }
        if (positive == null) {
            return false;
        }
        Instant screened = instant(positive.get("effectiveDateTime"));
        boolean rescreened = screens.stream().filter(s -> score(s) >= 0).anyMatch(s -> {
            Instant when = instant(s.get("effectiveDateTime"));
            return when.isAfter(screened) && !when.isAfter(screened.plus(30, ChronoUnit.DAYS));
        });
        Set<String> depression = new HashSet<>();
        resources.stream()
                .filter(r -> r.get("resourceType").asText().equals("Condition"))
                .filter(c -> codes(c.path("code")).stream().anyMatch(CHRONIC.get("depression")::contains))
                .forEach(c -> depression.add("urn:uuid:" + c.get("id").asText()));
        boolean plan = activePlans().stream()
                .anyMatch(p -> p.path("addresses").findValuesAsText("reference").stream()
                        .anyMatch(depression::contains));
        boolean referral = of("ServiceRequest", end, "authoredOn").stream()
                .filter(r -> r.path("status").asText().equals("active"))
                .anyMatch(r -> r.path("reasonCode").findValuesAsText("code").stream()
                                .anyMatch(CHRONIC.get("depression")::contains)
                        || r.path("reasonReference").findValuesAsText("reference").stream()
                                .anyMatch(depression::contains));
        return !rescreened && !plan && !referral;
    }

    /** G09: active diabetes and no HbA1c result dated in the 180 days to asOf. */
    private boolean hba1cOverdue(Instant end) {
        boolean diabetes = activeConditions(end).stream()
                .anyMatch(c -> codes(c.path("code")).stream().anyMatch(DIABETES::contains));
        boolean recent = of("Observation", end, "effectiveDateTime").stream()
                .filter(o -> codes(o.path("code")).stream().anyMatch(HBA1C::contains))
                .filter(o -> RESULT_STATUS.contains(o.path("status").asText()) && o.has("valueQuantity"))
                .anyMatch(o -> !instant(o.get("effectiveDateTime")).isBefore(end.minus(180, ChronoUnit.DAYS)));
        return diabetes && !recent;
    }

    /**
     * G10: an inpatient stay (IMP, ACUTE, NONAC) discharged in the 90 days before asOf and at least 7 days before it,
     * with no ambulatory, home-health or virtual encounter that took place within 7 days of the discharge.
     */
    private int staysWithoutFollowUp(Instant end) {
        List<JsonNode> encounters = of("Encounter", end, null);
        int missing = 0;
        for (JsonNode stay : encounters) {
            JsonNode discharge = stay.path("period").path("end");
            if (!Set.of("IMP", "ACUTE", "NONAC")
                            .contains(stay.path("class").path("code").asText())
                    || !TOOK_PLACE.contains(stay.path("status").asText())
                    || discharge.isMissingNode()) {
                continue;
            }
            Instant discharged = instant(discharge);
            if (discharged.isBefore(end.minus(90, ChronoUnit.DAYS))
                    || discharged.isAfter(end.minus(7, ChronoUnit.DAYS))) {
                continue;
            }
            boolean followedUp = encounters.stream()
                    .filter(e -> Set.of("AMB", "HH", "VR")
                            .contains(e.path("class").path("code").asText()))
                    .filter(e -> TOOK_PLACE.contains(e.path("status").asText()))
                    .map(e -> instant(
                            e.path("period").has("start")
                                    ? e.path("period").get("start")
                                    : e.path("period").get("end")))
                    .anyMatch(start ->
                            !start.isBefore(discharged) && !start.isAfter(discharged.plus(7, ChronoUnit.DAYS)));
            missing += followedUp ? 0 : 1;
        }
        return missing;
    }

    /** Conditions active, not abated, not refuted or entered in error, with an onset before the end of asOf. */
    private List<JsonNode> activeConditions(Instant end) {
        return of("Condition", end, "onsetDateTime").stream()
                .filter(c -> codes(c.path("clinicalStatus")).stream()
                        .anyMatch(Set.of("active", "recurrence", "relapse")::contains))
                .filter(c -> !c.has("abatementDateTime"))
                .filter(c -> codes(c.path("verificationStatus")).stream()
                        .allMatch(Set.of("confirmed", "provisional", "differential")::contains))
                .toList();
    }

    private List<JsonNode> activePlans() {
        return resources.stream()
                .filter(r -> r.get("resourceType").asText().equals("CarePlan"))
                .filter(p -> p.path("status").asText().equals("active"))
                .toList();
    }

    /** Resources of a type, without those dated after the end of asOf (by the given date element, when they have it). */
    private List<JsonNode> of(String type, Instant end, String dateElement) {
        return resources.stream()
                .filter(r -> r.get("resourceType").asText().equals(type))
                .filter(r -> dateElement == null
                        || !r.has(dateElement)
                        || instant(r.get(dateElement)).isBefore(end))
                .toList();
    }

    private static boolean mentions(JsonNode from, JsonNode to) {
        String key = "urn:uuid:" + to.get("id").asText();
        List<String> links = new ArrayList<>(from.path("basedOn").findValuesAsText("reference"));
        links.addAll(from.path("replaces").findValuesAsText("reference"));
        links.addAll(from.path("partOf").findValuesAsText("reference"));
        return links.contains(key);
    }

    /** A PHQ-9 score: valueQuantity without a comparator, or valueInteger; -1 when there is none. */
    private static int score(JsonNode observation) {
        if (observation.has("valueQuantity")
                && !observation.get("valueQuantity").has("comparator")) {
            return observation.get("valueQuantity").path("value").asInt(-1);
        }
        return observation.path("valueInteger").asInt(-1);
    }

    private static boolean refersTo(JsonNode reference, String key) {
        return reference.path("reference").asText().equals(key);
    }

    private static boolean refersToAny(JsonNode references, String key) {
        return references.findValuesAsText("reference").contains(key);
    }

    private static List<String> codes(JsonNode concept) {
        return concept.path("coding").findValuesAsText("code");
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static void add(Map<String, Integer> gaps, String rule, int count) {
        if (count > 0) {
            gaps.put(rule, count);
        }
    }

    static Instant instant(JsonNode value) {
        return OffsetDateTime.parse(value.asText()).toInstant();
    }
}

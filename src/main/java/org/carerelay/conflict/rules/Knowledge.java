package org.carerelay.conflict.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cited knowledge the conflict rules apply, as read from a versioned data file ({@code conflicts/knowledge-v2.json})
 * and extended by configuration. Codes are written {@code system|code}.
 *
 * @param classes drug classes by id, each with its members (RxNorm ingredient and the clinical drugs that contain it)
 * @param conditions condition concepts by id (SNOMED CT and ICD-10-CM codes)
 * @param egfr the LOINC codes of an eGFR result
 * @param nyha the codes of each NYHA functional class ({@code I} to {@code IV}), as a heart-failure Condition's
 *     {@code stage.summary} or {@code severity}, or an Observation's value, states it
 */
public record Knowledge(
        String version,
        String note,
        Map<String, Source> sources,
        Map<String, DrugClass> classes,
        Map<String, List<String>> conditions,
        List<String> egfr,
        Map<String, List<String>> nyha,
        List<Interaction> interactions,
        List<Contraindication> contraindications,
        Duplicates duplicates,
        Goals goals,
        Prohibited prohibited) {

    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String ATC = "http://www.whocc.no/atc";

    /**
     * A published source: its short name begins every finding's detail; its DOI or URL is the finding's reference.
     *
     * @param note how CareRelay applies the source (what it ships, where the wording came from, why a severity), or
     *     null
     */
    public record Source(String shortName, String citation, String url, String note) {}

    /**
     * A drug of a class: its RxNorm ingredient code (null when none could be given with confidence: the member is then
     * recognised by its name only, a lower-confidence finding) and the clinical drugs that contain it.
     *
     * @param checked where the codes were checked, or null when they were not checked against a source here
     */
    public record Member(String name, String rxnorm, List<String> products, String checked) {

        public Member {
            products = products == null ? List.of() : List.copyOf(products);
        }

        public Member(String name, String rxnorm, List<String> products) {
            this(name, rxnorm, products, null);
        }
    }

    /**
     * @param codes extra codes ({@code system|code}) that name a member of the class, from configuration
     * @param membership where the members come from (the source's own list, or why it could not be confirmed)
     */
    public record DrugClass(
            String display, List<String> atc, List<Member> members, List<String> codes, String membership) {

        public DrugClass {
            atc = atc == null ? List.of() : List.copyOf(atc);
            members = members == null ? List.of() : List.copyOf(members);
            codes = codes == null ? List.of() : List.copyOf(codes);
        }
    }

    /** A drug–drug pair of classes ({@code a} may equal {@code b}: two different members of one class). */
    /** @param pair the pair of the source's list this entry implements (the ONC list names 15), or null */
    public record Interaction(
            String id, String a, String b, String severity, List<String> sources, String action, String pair) {}

    /**
     * A drug contraindicated by a condition (or, with {@code egfrBelow}, by a latest eGFR under it), for patients of
     * {@code minAge} or older when given.
     *
     * @param sex only for patients of this {@code Patient.gender} ({@code female} or {@code male}) when given; a
     *     patient whose gender is not recorded is then not judged
     * @param exceptMembers members of the class the entry does not apply to (by name, or by ATC code when a drug is coded
     *     only in ATC)
     * @param exceptConditions condition concepts that take the entry away (antiepileptics in falls, except for seizures)
     * @param excludedRoutes routes of the drug the entry does not apply to (intravaginal estrogen)
     * @param history a condition counts whatever its clinical status ("history of falls or fractures"), not only while
     *     current
     */
    public record Contraindication(
            String id,
            String drugs,
            String condition,
            Uncertain uncertain,
            Double egfrBelow,
            Integer minAge,
            String sex,
            List<String> exceptMembers,
            List<String> exceptConditions,
            Routes excludedRoutes,
            Boolean history,
            String severity,
            List<String> sources,
            String action,
            ByNyha nyha,
            Decompensation decompensation) {

        public Contraindication {
            exceptMembers = exceptMembers == null ? List.of() : List.copyOf(exceptMembers);
            exceptConditions = exceptConditions == null ? List.of() : List.copyOf(exceptConditions);
        }

        /** Whether a past (resolved, inactive) condition counts as well as a current one. */
        public boolean countsHistory() {
            return Boolean.TRUE.equals(history);
        }
    }

    /**
     * Routes of administration: a route ({@code MedicationRequest.dosageInstruction.route},
     * {@code MedicationStatement.dosage.route}) with one of the {@code codes}, or a route or RxNorm clinical drug whose
     * words contain one of the {@code words} ("Vaginal" in "estradiol 0.1 MG/GM Vaginal Cream").
     */
    public record Routes(List<String> codes, List<String> words) {

        public Routes {
            codes = codes == null ? List.of() : List.copyOf(codes);
            words = words == null ? List.of() : List.copyOf(words);
        }
    }

    /**
     * Severity after a recent decompensation "requiring hospitalization" (the dronedarone label): a stay of one of
     * {@code classes} ({@code system|code} of Encounter.class) for the rule's condition (its reason or diagnosis) that
     * had not ended {@code withinDays} days before the day raises the finding to {@code severity}.
     */
    public record Decompensation(int withinDays, List<String> classes, String severity) {}

    /**
     * Severity by the NYHA class the record states (the label's own grading): {@code severity} maps a class
     * ({@code I} to {@code IV}) to a severity; a class not mapped, or none recorded, keeps the rule's severity, and none
     * recorded says "NYHA class not recorded".
     */
    public record ByNyha(Map<String, String> severity) {}

    /**
     * A weaker match: a condition of {@code condition} that is none of {@code unless} (nor the rule's own condition)
     * reported at {@code severity} with the note (for heart failure whose ejection fraction the code does not say).
     */
    public record Uncertain(String condition, List<String> unless, String severity, String note) {}

    public record Duplicates(String id, List<String> classes, String severity, List<String> sources, String action) {}

    public record Goals(
            String id, String severity, List<String> sources, String action, Map<String, Measure> measures) {}

    /** A measure a goal targets: its codes in {@code unit}, and codes whose values convert linearly to it. */
    public record Measure(String display, String unit, List<String> codes, List<Conversion> converted) {

        public Measure {
            converted = converted == null ? List.of() : List.copyOf(converted);
        }
    }

    /** {@code value in the measure's unit = value * factor + offset}, for a code reported in {@code unit}. */
    public record Conversion(String code, String unit, double factor, double offset) {}

    public record Prohibited(String id, String severity, List<String> sources, String action) {}

    /** The longest look-back of a decompensation rule in days; 0 when no rule reads hospital stays. */
    public int stayDays() {
        return contraindications.stream()
                .filter(c -> c.decompensation() != null)
                .mapToInt(c -> c.decompensation().withinDays())
                .max()
                .orElse(0);
    }

    /** The encounter classes ({@code system|code}) of a stay the decompensation rules read. */
    public List<String> stayClasses() {
        return contraindications.stream()
                .filter(c -> c.decompensation() != null)
                .flatMap(c -> c.decompensation().classes().stream())
                .distinct()
                .toList();
    }

    /** The NYHA classes and their codes; none in a file without them. */
    public Map<String, List<String>> nyha() {
        return nyha == null ? Map.of() : nyha;
    }

    public Source source(String id) {
        Source source = sources.get(id);
        if (source == null) {
            throw new IllegalArgumentException("Unknown source '" + id + "'");
        }
        return source;
    }

    /**
     * This knowledge with codes added by configuration: more codes for a class (RxNorm, ATC or any system) and for a
     * condition concept.
     */
    public Knowledge extendedWith(Map<String, List<String>> classCodes, Map<String, List<String>> conditionCodes) {
        Map<String, DrugClass> newClasses = new LinkedHashMap<>(classes);
        classCodes.forEach((id, codes) -> {
            DrugClass existing = newClasses.get(id);
            if (existing == null) {
                throw new IllegalArgumentException("carerelay.conflicts.class-codes names an unknown class '" + id
                        + "'; known classes: " + classes.keySet());
            }
            List<String> merged = new java.util.ArrayList<>(existing.codes());
            merged.addAll(checked(codes, "class-codes." + id));
            newClasses.put(
                    id,
                    new DrugClass(
                            existing.display(), existing.atc(), existing.members(), merged, existing.membership()));
        });
        Map<String, List<String>> newConditions = new LinkedHashMap<>(conditions);
        conditionCodes.forEach((id, codes) -> {
            List<String> merged = new java.util.ArrayList<>(newConditions.getOrDefault(id, List.of()));
            checked(codes, "condition-codes." + id).stream()
                    .filter(code -> !merged.contains(code))
                    .forEach(merged::add);
            newConditions.put(id, merged);
        });
        return new Knowledge(
                version,
                note,
                sources,
                newClasses,
                newConditions,
                egfr,
                nyha,
                interactions,
                contraindications,
                duplicates,
                goals,
                prohibited);
    }

    /** Fails fast on a knowledge file whose rules name classes, conditions or sources it does not define. */
    public Knowledge validated() {
        for (Interaction i : interactions) {
            needClass(i.a(), i.id());
            needClass(i.b(), i.id());
            i.sources().forEach(this::source);
        }
        for (Contraindication c : contraindications) {
            needClass(c.drugs(), c.id());
            needCondition(c.condition(), c.id());
            if (c.uncertain() != null) {
                needCondition(c.uncertain().condition(), c.id());
                c.uncertain().unless().forEach(u -> needCondition(u, c.id()));
            }
            c.exceptConditions().forEach(u -> needCondition(u, c.id()));
            if (c.sex() != null && !List.of("female", "male").contains(c.sex())) {
                throw new IllegalArgumentException(
                        "Rule '" + c.id() + "' names sex '" + c.sex() + "'; it must be female or male");
            }
            for (String member : c.exceptMembers()) {
                DrugClass drugClass = classes.get(c.drugs());
                boolean known =
                        drugClass.members().stream().anyMatch(m -> m.name().equalsIgnoreCase(member))
                                || drugClass.atc().stream().anyMatch(member::startsWith);
                if (!known) {
                    throw new IllegalArgumentException("Rule '" + c.id() + "' excepts '" + member
                            + "', which is neither a member nor an ATC code of class '" + c.drugs() + "'");
                }
            }
            if (c.excludedRoutes() != null) {
                checked(c.excludedRoutes().codes(), "excludedRoutes of " + c.id());
            }
            c.sources().forEach(this::source);
            if (c.decompensation() != null) {
                if (c.decompensation().withinDays() <= 0) {
                    throw new IllegalArgumentException(
                            "Rule '" + c.id() + "': decompensation.withinDays must be positive");
                }
                checked(c.decompensation().classes(), c.id() + ".decompensation.classes");
            }
        }
        duplicates.classes().forEach(id -> needClass(id, duplicates.id()));
        duplicates.sources().forEach(this::source);
        goals.sources().forEach(this::source);
        prohibited.sources().forEach(this::source);
        conditions.forEach((id, codes) -> checked(codes, "conditions." + id));
        nyha().forEach((nyhaClass, codes) -> checked(codes, "nyha." + nyhaClass));
        for (Contraindication c : contraindications) {
            if (c.nyha() != null) {
                c.nyha().severity().keySet().stream()
                        .filter(nyhaClass -> !nyha().containsKey(nyhaClass))
                        .findFirst()
                        .ifPresent(nyhaClass -> {
                            throw new IllegalArgumentException("Rule '" + c.id() + "' names an unknown NYHA class '"
                                    + nyhaClass + "'; known classes: " + nyha().keySet());
                        });
            }
        }
        return this;
    }

    private void needClass(String id, String rule) {
        if (!classes.containsKey(id)) {
            throw new IllegalArgumentException("Rule '" + rule + "' names an unknown drug class '" + id + "'");
        }
    }

    private void needCondition(String id, String rule) {
        if (!conditions.containsKey(id)) {
            throw new IllegalArgumentException("Rule '" + rule + "' names an unknown condition '" + id + "'");
        }
    }

    private static List<String> checked(List<String> codes, String where) {
        for (String code : codes) {
            int bar = code.indexOf('|');
            if (bar <= 0 || bar == code.length() - 1) {
                throw new IllegalArgumentException(
                        "Code '" + code + "' of " + where + " must be written as system|code");
            }
        }
        return codes;
    }
}

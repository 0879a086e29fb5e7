package org.carerelay.conflict.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Matching codings against {@code system|code} lists and drug classes. */
final class Codes {

    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    /**
     * The compiled patterns of member names and route words, which come from the knowledge file and so are few:
     * compiling one per drug and member took a fifth of a population's rule time.
     */
    private static final Map<String, Word> WHOLE_WORDS = new ConcurrentHashMap<>();

    /** A member's name in lower case, and the pattern that finds it as a whole word. */
    private record Word(String lower, Pattern whole) {

        static Word of(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return new Word(lower, wholeWord(lower));
        }
    }

    private static final Map<String, Pattern> WORD_STARTS = new ConcurrentHashMap<>();

    private Codes() {}

    private static Pattern wholeWord(String word) {
        return Pattern.compile("\\b" + Pattern.quote(word) + "\\b");
    }

    private static Pattern wordStart(String word) {
        return Pattern.compile("\\b" + Pattern.quote(word));
    }

    /**
     * Whether a concept carries one of the codes. An ICD-10-CM entry also matches its subcodes ({@code I50} matches
     * {@code I50.9}, {@code I50.2} matches {@code I50.22}); SNOMED CT descendants are not matched (list them).
     */
    static boolean matches(CodeableConcept concept, List<String> codes) {
        if (concept == null) {
            return false;
        }
        for (Coding coding : concept.getCoding()) {
            if (coding.getCode() == null || coding.getSystem() == null) {
                continue;
            }
            for (String entry : codes) {
                int bar = entry.indexOf('|');
                String system = entry.substring(0, bar);
                String code = entry.substring(bar + 1);
                if (system.equals(coding.getSystem()) && codeMatches(system, code, coding.getCode())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean codeMatches(String system, String entry, String code) {
        if (code.equals(entry)) {
            return true;
        }
        if (!ICD10CM.equals(system) || !code.startsWith(entry)) {
            return false;
        }
        return entry.contains(".") || code.charAt(entry.length()) == '.';
    }

    /** A member of a class a concept names, by code; null when none. */
    static Knowledge.Member byCode(CodeableConcept concept, Knowledge.DrugClass drugClass) {
        for (Coding coding : concept.getCoding()) {
            if (coding.getCode() == null) {
                continue;
            }
            if (Knowledge.RXNORM.equals(coding.getSystem())) {
                for (Knowledge.Member member : drugClass.members()) {
                    if (coding.getCode().equals(member.rxnorm())
                            || (member.products() != null && member.products().contains(coding.getCode()))) {
                        return member;
                    }
                }
            }
            if (Knowledge.ATC.equals(coding.getSystem())
                    && drugClass.atc().stream().anyMatch(atc -> coding.getCode().startsWith(atc))) {
                return new Knowledge.Member(coding.getCode(), null, List.of());
            }
        }
        if (matches(concept, drugClass.codes())) {
            return new Knowledge.Member(firstCode(concept), null, List.of());
        }
        return null;
    }

    /** A member of a class named in the concept's text or a coding's display, as a whole word; null when none. */
    static Knowledge.Member byText(CodeableConcept concept, Knowledge.DrugClass drugClass) {
        StringBuilder words = new StringBuilder();
        if (concept.getText() != null) {
            words.append(concept.getText()).append(' ');
        }
        concept.getCoding().stream()
                .filter(Coding::hasDisplay)
                .forEach(c -> words.append(c.getDisplay()).append(' '));
        String text = words.toString().toLowerCase(Locale.ROOT);
        if (text.isBlank()) {
            return null;
        }
        for (Knowledge.Member member : drugClass.members()) {
            Word name = WHOLE_WORDS.computeIfAbsent(member.name(), Word::of);
            // the plain search first: most names are nowhere in the text, and running a pattern costs far more
            if (text.contains(name.lower()) && name.whole().matcher(text).find()) {
                return member;
            }
        }
        return null;
    }

    /**
     * Whether a drug is given by one of the routes: a stated route with one of their codes, or a stated route or an
     * RxNorm clinical drug with a word that begins with one of their words (an SCD's name says its dose form: "vaginal"
     * finds "Vaginal Cream", "inhal" finds "Inhaler" and "Inhalation", "otic" does not find "antibiotic").
     */
    static boolean byRoute(Drug drug, Knowledge.Routes routes) {
        if (drug.routes().stream().anyMatch(route -> matches(route, routes.codes()))) {
            return true;
        }
        StringBuilder words = new StringBuilder();
        drug.routes().forEach(route -> words.append(allWords(route)).append(' '));
        drug.concept().getCoding().stream()
                .filter(c -> Knowledge.RXNORM.equals(c.getSystem()) && c.hasDisplay())
                .forEach(c -> words.append(c.getDisplay()).append(' '));
        String text = words.toString().toLowerCase(Locale.ROOT);
        return routes.words().stream()
                .anyMatch(word -> WORD_STARTS
                        .computeIfAbsent(word, w -> wordStart(w.toLowerCase(Locale.ROOT)))
                        .matcher(text)
                        .find());
    }

    private static String allWords(CodeableConcept concept) {
        StringBuilder words = new StringBuilder(concept.hasText() ? concept.getText() : "");
        concept.getCoding().stream()
                .filter(Coding::hasDisplay)
                .forEach(c -> words.append(' ').append(c.getDisplay()));
        return words.toString();
    }

    private static String firstCode(CodeableConcept concept) {
        return concept.getCoding().stream()
                .filter(Coding::hasCode)
                .map(c -> c.getSystem() + "|" + c.getCode())
                .findFirst()
                .orElse("");
    }

    /** The words a concept is shown with: its text, else a display, else a code. */
    static String words(CodeableConcept concept) {
        if (concept == null) {
            return "(unnamed)";
        }
        if (concept.getText() != null) {
            return concept.getText();
        }
        // a display or code may hold only an extension (a data-absent-reason): no value to show
        return concept.getCoding().stream()
                .map(Coding::getDisplay)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseGet(() -> concept.getCoding().stream()
                        .map(Coding::getCode)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse("(unnamed)"));
    }
}

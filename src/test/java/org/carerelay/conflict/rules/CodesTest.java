package org.carerelay.conflict.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.conflict.rules.ChartBuilder.ICD10;
import static org.carerelay.conflict.rules.ChartBuilder.RXNORM;
import static org.carerelay.conflict.rules.ChartBuilder.SNOMED;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matching codings against {@code system|code} lists and drug classes, and the words a concept is shown with. */
class CodesTest {

    static final Knowledge.DrugClass NSAIDS = ChartBuilder.KNOWLEDGE.classes().get("nsaids");

    static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({
        "I50, I50, true",
        "I50, I50.9, true",
        "I50.2, I50.22, true",
        "I50.2, I50.2, true",
        // a prefix that ends inside a category is not its parent
        "I5, I50.9, false",
        "I50, I501, false",
        "I50.2, I50.32, false",
        "I50.9, I50, false"
    })
    void anIcd10CmEntryMatchesItsSubcodes(String entry, String code, boolean matches) {
        assertThat(Codes.matches(concept(ICD10, code, null), List.of(ICD10 + "|" + entry)))
                .isEqualTo(matches);
    }

    @Test
    void aSnomedCodeMatchesOnlyItself() {
        assertThat(Codes.matches(concept(SNOMED, "84114007", null), List.of(SNOMED + "|84114007")))
                .isTrue();
        assertThat(Codes.matches(concept(SNOMED, "841140071", null), List.of(SNOMED + "|84114007")))
                .isFalse();
        assertThat(Codes.matches(concept(ICD10, "84114007", null), List.of(SNOMED + "|84114007")))
                .isFalse();
    }

    @Test
    void nothingOrACodingWithoutACodeMatchesNothing() {
        assertThat(Codes.matches(null, List.of(ICD10 + "|I50"))).isFalse();
        assertThat(Codes.matches(concept(ICD10, null, "Heart failure"), List.of(ICD10 + "|I50")))
                .isFalse();
        CodeableConcept laterCoding = concept(ICD10, null, "Heart failure").addCoding(new Coding(ICD10, "I50.9", null));
        assertThat(Codes.matches(laterCoding, List.of(SNOMED + "|1", ICD10 + "|I50")))
                .isTrue();
    }

    @Test
    void aClassMemberByIngredientProductOrAtcCode() {
        assertThat(Codes.byCode(concept(RXNORM, "5640", null), NSAIDS).name()).isEqualTo("ibuprofen");
        assertThat(Codes.byCode(concept(RXNORM, "310965", null), NSAIDS).name()).isEqualTo("ibuprofen");
        assertThat(Codes.byCode(concept("http://www.whocc.no/atc", "M01AE01", null), NSAIDS))
                .isEqualTo(new Knowledge.Member("M01AE01", null, List.of()));
        assertThat(Codes.byCode(concept("http://www.whocc.no/atc", "N02BE01", null), NSAIDS))
                .isNull();
        // an RxNorm code in another system is not RxNorm
        assertThat(Codes.byCode(concept(SNOMED, "5640", null), NSAIDS)).isNull();
        // a coding without a code is passed over, not compared
        CodeableConcept noCodeFirst = concept(RXNORM, null, "ibuprofen").addCoding(new Coding(RXNORM, "5640", null));
        assertThat(Codes.byCode(noCodeFirst, NSAIDS).name()).isEqualTo("ibuprofen");
        assertThat(Codes.byCode(concept(RXNORM, null, "ibuprofen"), NSAIDS)).isNull();
    }

    @Test
    void aCodeAddedByConfigurationNamesAMemberByItsFirstCodedCoding() {
        Knowledge extended =
                ChartBuilder.KNOWLEDGE.extendedWith(Map.of("nsaids", List.of(SNOMED + "|387207008")), Map.of());
        CodeableConcept concept = new CodeableConcept()
                .addCoding(new Coding(SNOMED, null, "Ibuprofen (substance)"))
                .addCoding(new Coding(SNOMED, "387207008", null));
        assertThat(Codes.byCode(concept, extended.classes().get("nsaids")))
                .isEqualTo(new Knowledge.Member(SNOMED + "|387207008", null, List.of()));
        assertThat(Codes.byCode(concept, NSAIDS)).isNull();
    }

    @Test
    void aMemberByTheWordsOfTheTextOrOfADisplay() {
        assertThat(Codes.byText(new CodeableConcept().setText("Naproxen 500 mg"), NSAIDS)
                        .name())
                .isEqualTo("naproxen");
        assertThat(Codes.byText(concept(SNOMED, "1", "Ibuprofen 200 MG Oral Tablet"), NSAIDS)
                        .name())
                .isEqualTo("ibuprofen");
        assertThat(Codes.byText(concept(SNOMED, "1", "Ibuprofenol"), NSAIDS)).isNull();
        assertThat(Codes.byText(new CodeableConcept(), NSAIDS)).isNull();
    }

    static Drug drug(CodeableConcept concept, CodeableConcept... routes) {
        Side side = new Side(null, "MedicationRequest/1", "a drug", null, null);
        return new Drug(side, concept, true, Set.of(), List.of(routes));
    }

    @Test
    void aRouteByCodeByItsWordsOrByTheWordsOfAnRxNormClinicalDrug() {
        Knowledge.Routes vaginal = new Knowledge.Routes(List.of(SNOMED + "|16857009"), List.of("vaginal"));
        CodeableConcept estradiol = concept(RXNORM, "4083", "estradiol");
        assertThat(Codes.byRoute(drug(estradiol, concept(SNOMED, "16857009", null)), vaginal))
                .isTrue();
        assertThat(Codes.byRoute(drug(estradiol, concept(SNOMED, "26643006", "Oral route")), vaginal))
                .isFalse();
        assertThat(Codes.byRoute(drug(estradiol, concept(SNOMED, "1", "Per vaginal route")), vaginal))
                .isTrue();
        assertThat(Codes.byRoute(drug(estradiol, new CodeableConcept().setText("Vaginal")), vaginal))
                .isTrue();
        assertThat(Codes.byRoute(drug(concept(RXNORM, "1", "estradiol 0.1 MG/GM Vaginal Cream")), vaginal))
                .isTrue();
        // only an RxNorm clinical drug's name says its dose form
        assertThat(Codes.byRoute(drug(concept(SNOMED, "1", "estradiol Vaginal Cream")), vaginal))
                .isFalse();
        // a word begins where the route's word begins: "otic" is not inside "antibiotic"
        Knowledge.Routes otic = new Knowledge.Routes(List.of(), List.of("otic"));
        assertThat(Codes.byRoute(drug(concept(RXNORM, "1", "antibiotic Oral Tablet")), otic))
                .isFalse();
        assertThat(Codes.byRoute(drug(concept(RXNORM, "1", "ciprofloxacin Otic Solution")), otic))
                .isTrue();
    }

    @Test
    void aConceptIsShownByItsTextElseADisplayElseACode() {
        assertThat(Codes.words(null)).isEqualTo("(unnamed)");
        assertThat(Codes.words(new CodeableConcept().setText("Naproxen").addCoding(new Coding(RXNORM, "7258", "x"))))
                .isEqualTo("Naproxen");
        assertThat(Codes.words(new CodeableConcept()
                        .addCoding(new Coding(RXNORM, "7258", null))
                        .addCoding(new Coding(SNOMED, "1", "naproxen"))))
                .isEqualTo("naproxen");
        assertThat(Codes.words(new CodeableConcept()
                        .addCoding(new Coding(RXNORM, null, null))
                        .addCoding(new Coding(RXNORM, "7258", null))))
                .isEqualTo("7258");
        assertThat(Codes.words(new CodeableConcept())).isEqualTo("(unnamed)");
    }
}

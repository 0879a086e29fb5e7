package org.carerelay.conflict;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.conflict.rules.ConflictRule;
import org.carerelay.fhir.Canonical;

/**
 * The reasons a prescriber may give for going ahead despite a plan-conflict card (CDS Hooks 2.0
 * {@code card.overrideReasons}): offered on the cards as fits their rule, published as {@code CodeSystem/cds-override-reason}, and
 * checked when feedback names one of them.
 */
final class OverrideReasons {

    static final String SYSTEM = Canonical.codeSystem("cds-override-reason");

    /** Code and display, in the order a CDS client shows them. */
    static final Map<String, String> REASONS = reasons();

    /** One list per rule, shared by every card remembered for feedback. */
    private static final Map<ConflictRule, List<String>> OFFERED = offered();

    private OverrideReasons() {}

    private static Map<String, String> reasons() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("benefit-outweighs-risk", "Benefit outweighs the risk for this patient");
        reasons.put("will-monitor", "Will monitor the patient closely");
        reasons.put("agreed-with-other-prescriber", "Agreed with the other prescriber");
        reasons.put("other-order-stopping", "The other medication or order is being stopped");
        reasons.put("record-out-of-date", "The record is out of date: the conflicting item no longer applies");
        return Collections.unmodifiableMap(reasons);
    }

    /**
     * The reasons a card of {@code rule} offers: all, but that the other side is being stopped where the other side
     * is a condition (or a laboratory result), not an order.
     */
    static List<String> offered(ConflictRule rule) {
        return OFFERED.get(rule);
    }

    private static Map<ConflictRule, List<String>> offered() {
        Map<ConflictRule, List<String>> offered = new EnumMap<>(ConflictRule.class);
        for (ConflictRule rule : ConflictRule.values()) {
            offered.put(
                    rule,
                    REASONS.keySet().stream()
                            .filter(code -> rule != ConflictRule.DRUG_DISEASE || !code.equals("other-order-stopping"))
                            .toList());
        }
        return offered;
    }

    static List<CdsServiceResponseCodingJson> codings(List<String> codes) {
        return codes.stream()
                .map(code -> new CdsServiceResponseCodingJson()
                        .setSystem(SYSTEM)
                        .setCode(code)
                        .setDisplay(REASONS.get(code)))
                .toList();
    }
}

package org.carerelay.caregap.rules;

import org.carerelay.conflict.KnowledgeFile;
import org.carerelay.conflict.rules.CareGapConflicts;
import org.carerelay.fhir.LocalServer;

/** The plan-conflict rules with the knowledge CareRelay ships, as G11 sees them on a server with default settings. */
public final class ShippedConflicts {

    public static final PlanConflicts RULES =
            new CareGapConflicts(KnowledgeFile.read(KnowledgeFile.DEFAULT), LocalServer.RELATIVE_ONLY);

    private ShippedConflicts() {}

    /** The care-gap rules with default thresholds and the shipped conflict knowledge. */
    public static CareGapEvaluator evaluator() {
        return new CareGapEvaluator(GapSettings.defaults(), RULES);
    }
}

package org.carerelay.conflict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.caregap.CareGapProperties;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.conflict.rules.Knowledge;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code carerelay.conflicts} section of {@code hapi.application.yaml}: which knowledge file to read (default the
 * shipped {@code conflicts/knowledge-v2.json}) and codes added to its drug classes ({@code class-codes}) and condition
 * concepts ({@code condition-codes}), each written {@code system|code}. The care-gap concepts
 * ({@code carerelay.care-gaps.concepts}) of the same name (heart-failure) add their codes too, so that the two
 * features agree on who has the disease. {@code cds-clients} lists the CDS clients whose JWTs the CDS Hooks service
 * accepts while security is on.
 */
@ConfigurationProperties("carerelay.conflicts")
public record ConflictProperties(
        String knowledge,
        Map<String, List<String>> classCodes,
        Map<String, List<String>> conditionCodes,
        List<CdsClient> cdsClients) {

    /**
     * A CDS client (an EHR) allowed to call the hooks when security is on: its JWT's {@code iss}, and the keys its
     * JWTs are signed with (a JWK Set file or URL). A JWT may name its keys' URL in a {@code jku} header: it must be
     * {@code jwks-uri} or one of {@code allowed-jku} (for a client whose keys are configured as a file but whose
     * JWTs still name where it publishes them); keys are never read from a {@code jku}.
     */
    public record CdsClient(String issuer, String jwksFile, String jwksUri, List<String> allowedJku) {

        List<String> allowedJkus() {
            return allowedJku == null ? List.of() : allowedJku;
        }
    }

    List<CdsClient> clients() {
        return cdsClients == null ? List.of() : cdsClients;
    }

    Knowledge load(CareGapProperties careGaps) {
        Knowledge base =
                KnowledgeFile.read(knowledge == null || knowledge.isBlank() ? KnowledgeFile.DEFAULT : knowledge);
        Map<String, List<String>> conditions = new LinkedHashMap<>();
        Map<String, List<String>> concepts = new LinkedHashMap<>(GapSettings.defaultConcepts());
        if (careGaps.concepts() != null) {
            concepts.putAll(careGaps.concepts());
        }
        concepts.forEach((name, codes) -> {
            if (base.conditions().containsKey(name)) {
                conditions.put(name, codes);
            }
        });
        if (conditionCodes != null) {
            conditionCodes.forEach((name, codes) -> conditions.merge(name, codes, (a, b) -> {
                List<String> merged = new java.util.ArrayList<>(a);
                merged.addAll(b);
                return merged;
            }));
        }
        return base.extendedWith(classCodes == null ? Map.of() : classCodes, conditions)
                .validated();
    }
}

package org.carerelay.metrics.rules;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An amount billed, read once from an ExplanationOfBenefit or a Claim ({@link OperationsMetrics#benefit}, {@link
 * OperationsMetrics#claim}).
 *
 * @param claim for an ExplanationOfBenefit, the claim it answers ({@code Claim/id}, or null); for a Claim, its own key
 * @param amount the amount in the configured currency, null when there is none to count (not active, not of the
 *     period, no amount in the currency): an ExplanationOfBenefit without one still answers its claim
 */
public record Charge(String patient, LocalDate day, String claim, BigDecimal amount) {}

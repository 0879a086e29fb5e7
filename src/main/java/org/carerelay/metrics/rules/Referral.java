package org.carerelay.metrics.rules;

import java.time.LocalDate;

/**
 * What a referral contributes, read once from its ServiceRequest ({@link CoordinationMetrics#referral}): the day it
 * was authored and the receiver it names first; only referrals authored in the period whose status counts.
 */
public record Referral(String key, String patient, LocalDate authored, String receiver) {}

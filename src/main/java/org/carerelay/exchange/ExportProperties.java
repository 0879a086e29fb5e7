package org.carerelay.exchange;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code carerelay.export} section of {@code hapi.application.yaml}: how long Bulk Data export files are kept.
 *
 * @param fileRetention how long after its job ended an export's files (and its status URL) stay available; then
 *     they are erased, content and history
 * @param expiryCheck how often the server looks for exports past their retention
 * @param progressCheck how often HAPI's batch jobs (exports among them) are moved on to their next step; HAPI's own
 *     default is a minute, which makes even a small export take minutes
 */
@ConfigurationProperties("carerelay.export")
public record ExportProperties(
        @DefaultValue("2h") Duration fileRetention,
        @DefaultValue("1m") Duration expiryCheck,
        @DefaultValue("5s") Duration progressCheck) {

    public ExportProperties {
        if (fileRetention.isNegative() || fileRetention.isZero()) {
            throw new IllegalArgumentException("carerelay.export.file-retention must be positive");
        }
        if (expiryCheck.isNegative() || expiryCheck.isZero()) {
            throw new IllegalArgumentException("carerelay.export.expiry-check must be positive");
        }
        if (progressCheck.toMillis() < 1000) {
            throw new IllegalArgumentException("carerelay.export.progress-check must be at least 1s");
        }
    }
}

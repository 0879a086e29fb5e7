package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The {@code carerelay.export} settings as an operator writes them. */
class ExportPropertiesTest {

    @Test
    void defaultsKeepFilesTwoHoursAndMoveJobsOnEveryFiveSeconds() {
        ExportProperties defaults = bind(Map.of());

        assertThat(defaults.fileRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(defaults.expiryCheck()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.progressCheck()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void durationsAreReadAsWritten() {
        ExportProperties settings = bind(Map.of(
                "carerelay.export.file-retention", "30m",
                "carerelay.export.expiry-check", "10s",
                "carerelay.export.progress-check", "2s"));

        assertThat(settings.fileRetention()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.expiryCheck()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.progressCheck()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("carerelay.export.file-retention", "0s")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("carerelay.export.file-retention must be positive");
        assertThatThrownBy(() -> bind(Map.of("carerelay.export.expiry-check", "-1m")))
                .rootCause()
                .hasMessage("carerelay.export.expiry-check must be positive");
        assertThatThrownBy(() -> bind(Map.of("carerelay.export.progress-check", "500ms")))
                .rootCause()
                .hasMessage("carerelay.export.progress-check must be at least 1s");
    }

    private static ExportProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("carerelay.export", ExportProperties.class);
    }
}

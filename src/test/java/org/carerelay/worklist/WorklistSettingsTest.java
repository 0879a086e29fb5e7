package org.carerelay.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worklist's settings that cannot work are refused at start-up, naming the key; the WebJars are found. */
class WorklistSettingsTest {

    @Test
    void anEmptyClientIdOrAPollIntervalThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new WorklistProperties(" ", Duration.ofSeconds(15)))
                .hasMessage("carerelay.worklist.client-id must not be empty");
        assertThatThrownBy(() -> new WorklistProperties("carerelay-worklist", Duration.ZERO))
                .hasMessage("carerelay.worklist.poll-interval must be positive");
    }

    @Test
    void theSettingsThePageReadsAreTheConfiguredOnes() {
        WorklistSettings settings = new WorklistSettings(new WorklistProperties("ward-list", Duration.ofSeconds(90)));

        assertThat(settings.settings())
                .containsEntry("clientId", "ward-list")
                .containsEntry("scope", "openid fhirUser user/*.crus")
                .containsEntry("pollSeconds", 90L)
                .hasSize(3);
    }

    @Test
    void theWebJarVersionIsReadFromTheWebJarItself() {
        assertThat(WorklistConfig.webJarVersion("uplot")).matches("\\d+\\.\\d+\\.\\d+");
        assertThatThrownBy(() -> WorklistConfig.webJarVersion("no-such-library"))
                .hasMessage("the WebJar org.webjars.npm:no-such-library is not on the classpath");
    }
}

package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.carerelay.config.CareRelayProperties;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    @Test
    void noOriginsMeansNoCors() {
        assertThat(CorsPolicy.interceptor(new CareRelayProperties.Cors(List.of(), false)))
                .isEmpty();
    }

    @Test
    void wildcardWithCredentialsIsRefusedAtStartUp() {
        assertThatThrownBy(() -> CorsPolicy.interceptor(new CareRelayProperties.Cors(List.of("*"), true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allow-credentials");
    }

    @Test
    void listedOriginsWithCredentialsAreAllowed() {
        var interceptor =
                CorsPolicy.interceptor(new CareRelayProperties.Cors(List.of("https://app.example.org"), true));

        assertThat(interceptor).isPresent();
        assertThat(interceptor.get().getConfig().getAllowedOrigins()).containsExactly("https://app.example.org");
        assertThat(interceptor.get().getConfig().getAllowCredentials()).isTrue();
    }

    @Test
    void wildcardWithoutCredentialsIsAllowed() {
        var interceptor = CorsPolicy.interceptor(new CareRelayProperties.Cors(List.of("*"), false));

        assertThat(interceptor.get().getConfig().getAllowedOrigins()).containsExactly("*");
    }
}

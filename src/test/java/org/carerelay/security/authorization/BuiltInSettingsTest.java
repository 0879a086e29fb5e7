package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.carerelay.security.Endpoints;
import org.carerelay.security.SecurityProperties;
import org.carerelay.security.SecurityProperties.Client;
import org.carerelay.security.SecurityProperties.User;
import org.carerelay.worklist.WorklistProperties;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** Settings of the built-in authorization server that cannot work are refused at start-up, with the reason. */
class BuiltInSettingsTest {

    private static final Client PUBLIC = new Client(
            "app", null, List.of("https://app.test/cb"), null, List.of("openid patient/*.rs"), null, null, null);
    private static final Client BACKEND =
            new Client("sync", null, List.of(), null, List.of("system/*.rs"), null, Path.of("jwks.json"), null);

    @Test
    void aPublicAppHasOnlyTheCodeFlowWithPkce() {
        RegisteredClient app =
                new Clients(security(List.of(PUBLIC), List.of())).repository().findByClientId("app");

        assertThat(app.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
        assertThat(app.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(app.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(app.getScopes()).containsExactlyInAnyOrder("openid", "patient/*.rs");
        assertThat(app.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aBackendServiceHasOnlyClientCredentialsWithItsKeys() {
        RegisteredClient sync =
                new Clients(security(List.of(BACKEND), List.of())).repository().findByClientId("sync");

        assertThat(sync.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        assertThat(sync.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
    }

    @Test
    void aConfidentialAppMayRefresh() {
        Client confidential = new Client(
                "dash", "Dashboard", List.of("https://d.test/cb"), null, List.of("user/*.rs"), "s3cret", null, null);

        RegisteredClient dash = new Clients(security(List.of(confidential), List.of()))
                .repository()
                .findByClientId("dash");

        assertThat(dash.getClientSecret()).isEqualTo("{noop}s3cret");
        assertThat(dash.getAuthorizationGrantTypes())
                .containsExactlyInAnyOrder(
                        AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
        assertThat(dash.getClientSettings().isRequireProofKey()).isFalse();
    }

    @Test
    void theWorklistIsAPublicAppRegisteredByDefaultUnlessAClientTakesItsId() {
        SecurityProperties security = security(List.of(PUBLIC), List.of());
        Endpoints endpoints = Endpoints.of(security, "https://fhir.example.org/fhir");
        Client worklist = AuthorizationServerConfig.worklistClient(
                new WorklistProperties("carerelay-worklist", Duration.ofSeconds(15)), endpoints);

        RegisteredClient registered =
                new Clients(security, List.of(worklist)).repository().findByClientId("carerelay-worklist");

        assertThat(registered.getRedirectUris()).containsExactly("https://fhir.example.org/worklist/");
        assertThat(registered.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
        assertThat(registered.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.AUTHORIZATION_CODE);
        assertThat(registered.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(registered.getScopes()).containsExactlyInAnyOrder("openid", "fhirUser", "user/*.crus");

        Client own = new Client(
                "carerelay-worklist",
                null,
                List.of("https://other.test/worklist/"),
                null,
                List.of("user/*.rs"),
                null,
                null,
                null);
        RegisteredClient replaced = new Clients(security(List.of(own), List.of()), List.of(worklist))
                .repository()
                .findByClientId("carerelay-worklist");
        assertThat(replaced.getRedirectUris()).containsExactly("https://other.test/worklist/");
        assertThat(replaced.getScopes()).containsExactly("user/*.rs");
    }

    @Test
    void impossibleClientsAreRefused() {
        assertThatThrownBy(() -> new Clients(security(List.of(), List.of())))
                .hasMessageContaining("but it has no clients: configure at least one under carerelay.security.clients,"
                        + " or name an external issuer with carerelay.security.issuer");
        assertThatThrownBy(() -> new Clients(security(List.of(PUBLIC, PUBLIC), List.of())))
                .hasMessage("carerelay.security.clients: every client needs a client-id of its own: app");
        assertThatThrownBy(() -> new Clients(security(
                        List.of(new Client("x", null, List.of(), null, List.of("system/*.rs"), null, null, null)),
                        List.of())))
                .hasMessage("carerelay.security.clients x: a public client needs redirect-uris; a backend service"
                        + " needs jwks-file, jwks-uri or secret");
        assertThatThrownBy(() -> new Clients(security(
                        List.of(new Client(
                                "y", null, List.of(), null, List.of("system/*.rs"), "s", Path.of("k"), null)),
                        List.of())))
                .hasMessage("carerelay.security.clients y: set at most one of secret, jwks-file and jwks-uri");
        assertThatThrownBy(() -> new Clients(security(
                        List.of(new Client("z", null, List.of("https://z.test"), null, List.of(" "), null, null, null)),
                        List.of())))
                .hasMessage("carerelay.security.clients z: scopes (the most it may be granted) is empty");
    }

    @Test
    void usersNeedAStoredPasswordForm() {
        assertThatThrownBy(() -> new Users(security(List.of(PUBLIC), List.of(new User("ann", "plain", null)))))
                .hasMessage("carerelay.security.users ann: the password must be in {bcrypt}... or {noop}... form"
                        + " (see README, Security)");
        Users users = new Users(security(
                List.of(PUBLIC),
                List.of(new User("ann", "{noop}pw", "Practitioner/1"), new User("pat", "{noop}pw", "Patient/9"))));
        assertThat(users.fhirUser("ann")).isEqualTo("Practitioner/1");
        assertThat(users.patientSelf("ann")).isNull();
        assertThat(users.patientSelf("pat")).isEqualTo("9");
        assertThat(users.mayChoose("pat", "9")).isTrue();
        assertThat(users.mayChoose("pat", "10")).isFalse();
        assertThat(users.mayChoose("ann", "10")).isTrue();
        assertThat(users.details().loadUserByUsername("ann").getPassword()).isEqualTo("{noop}pw");
    }

    @Test
    void theIssuerIsThePublicAddressWithoutFhir() {
        Endpoints endpoints = Endpoints.of(security(List.of(PUBLIC), List.of()), "https://fhir.example.org/fhir/");

        assertThat(endpoints.builtIn()).isTrue();
        assertThat(endpoints.issuer()).isEqualTo("https://fhir.example.org");
        assertThat(endpoints.fhirBase()).isEqualTo("https://fhir.example.org/fhir");
        assertThat(endpoints.token()).isEqualTo("https://fhir.example.org/oauth2/token");
        assertThatThrownBy(() -> Endpoints.of(security(List.of(PUBLIC), List.of()), ""))
                .hasMessageContaining("neither carerelay.security.audience nor carerelay.server-address is set");
        assertThatThrownBy(() -> Endpoints.of(security(List.of(PUBLIC), List.of()), "https://fhir.example.org/api"))
                .hasMessageContaining("ending in /fhir");
    }

    private static SecurityProperties security(List<Client> clients, List<User> users) {
        return new SecurityProperties(
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                clients,
                users,
                Duration.ofMinutes(15),
                Duration.ofDays(1),
                null);
    }
}

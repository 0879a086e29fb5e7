package org.carerelay.security.authorization;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import javax.sql.DataSource;
import org.carerelay.security.BuiltInIssuer;
import org.carerelay.security.Endpoints;
import org.carerelay.security.SecurityProperties;
import org.carerelay.security.SecurityProperties.Client;
import org.carerelay.worklist.WorklistProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The built-in SMART authorization server, on Spring Authorization Server, when security is on and no external issuer
 * is named. Two filter chains go before the FHIR endpoint's: the OAuth endpoints ({@code /oauth2/*}, discovery), and
 * the pages a person uses (login, patient picker, consent, {@code /apps}), which keep a session and a CSRF token.
 */
@Configuration
@Conditional(BuiltInAuthorizationServer.class)
class AuthorizationServerConfig {

    static final String[] PAGES = {
        "/login",
        "/logout",
        SignInPages.CONSENT,
        SignInPages.CONSENT + "/**",
        AppsPage.PATH,
        AppsPage.PATH + "/**",
        "/auth/**",
        "/favicon.ico"
    };

    @Bean
    Clients clients(SecurityProperties security, Endpoints endpoints, WorklistProperties worklist) {
        return new Clients(security, List.of(worklistClient(worklist, endpoints)));
    }

    /** The worklist page served by this server: a public client, registered whatever else is configured. */
    static Client worklistClient(WorklistProperties worklist, Endpoints endpoints) {
        return new Client(
                worklist.clientId(),
                "Care coordinator's worklist",
                List.of(endpoints.issuer() + WorklistProperties.PATH),
                null,
                List.of(WorklistProperties.SCOPES),
                null,
                null,
                null);
    }

    @Bean
    Users users(SecurityProperties security) {
        return new Users(security);
    }

    @Bean
    RegisteredClientRepository registeredClients(Clients clients) {
        return clients.repository();
    }

    @Bean
    UserDetailsService userDetailsService(Users users) {
        return users.details();
    }

    @Bean
    AuthorizationTables authorizationTables(DataSource dataSource) {
        return new AuthorizationTables(dataSource);
    }

    @Bean
    Authorizations authorizations(AuthorizationTables tables, RegisteredClientRepository clients) {
        return new Authorizations(tables.jdbc(), clients);
    }

    /** Consent is asked every time (the patient is chosen then), so none is kept. */
    @Bean
    OAuth2AuthorizationConsentService consents() {
        return new OAuth2AuthorizationConsentService() {
            @Override
            public void save(OAuth2AuthorizationConsent consent) {}

            @Override
            public void remove(OAuth2AuthorizationConsent consent) {}

            @Override
            public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
                return null;
            }
        };
    }

    @Bean
    SigningKeys signingKeys(SecurityProperties security, AuthorizationTables tables) {
        return security.signingKeyFile() != null
                ? SigningKeys.fromFile(security.signingKeyFile())
                : SigningKeys.fromDatabase(tables.jdbc());
    }

    @Bean
    BuiltInIssuer builtInIssuer(SigningKeys keys, Authorizations authorizations) {
        return new BuiltInIssuer() {
            @Override
            public JWKSource<SecurityContext> signingKeys() {
                return keys;
            }

            @Override
            public boolean revoked(String jti) {
                return authorizations.revoked(jti);
            }
        };
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(Endpoints endpoints) {
        return AuthorizationServerSettings.builder().issuer(endpoints.issuer()).build();
    }

    @Bean
    Launches launches(AuthorizationTables tables) {
        return new Launches(tables.jdbc());
    }

    @Bean
    PatientDirectory patientDirectory(DaoRegistry daos) {
        return new PatientDirectory(daos);
    }

    @Bean
    SmartTokens smartTokens(Endpoints endpoints, Users users) {
        return new SmartTokens(endpoints, users);
    }

    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(SigningKeys keys, SmartTokens tokens) {
        JwtGenerator jwt = new JwtGenerator(new NimbusJwtEncoder(keys.signer()));
        jwt.setJwtCustomizer(tokens.claims());
        return new DelegatingOAuth2TokenGenerator(jwt, SmartTokens.refreshTokens());
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(
            HttpSecurity http,
            Endpoints endpoints,
            Clients clients,
            Users users,
            Launches launches,
            SmartTokens tokens,
            AuthorizationTables tables,
            JwtDecoder fhirTokens)
            throws Exception {
        AuthorizationRequests requests = new AuthorizationRequests(clients.repository(), users, launches, endpoints);
        ClientAssertions assertions =
                new ClientAssertions(clients, endpoints.token(), new UsedAssertions(tables.jdbc()));
        OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
                new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        tokenResponse.setAccessTokenResponseCustomizer(tokens.response());
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(
                        server,
                        as -> as.authorizationEndpoint(authorize -> authorize
                                        .consentPage(SignInPages.CONSENT)
                                        .authorizationRequestConverters(
                                                converters -> converters.replaceAll(converter -> converter
                                                                instanceof
                                                                OAuth2AuthorizationCodeRequestAuthenticationConverter
                                                        ? requests.narrowing(converter)
                                                        : converter))
                                        .authenticationProviders(providers -> providers.forEach(provider -> {
                                            if (provider
                                                    instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider p) {
                                                p.setAuthenticationValidator(requests.validator());
                                            }
                                            if (provider
                                                    instanceof OAuth2AuthorizationConsentAuthenticationProvider p) {
                                                p.setAuthorizationConsentCustomizer(requests.consentCheck());
                                            }
                                        })))
                                .tokenEndpoint(token -> token.accessTokenResponseHandler(tokenResponse)
                                        .authenticationProviders(providers -> providers.forEach(provider -> {
                                            if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider p) {
                                                p.setAuthenticationValidator(requests.backendValidator());
                                            }
                                        })))
                                .clientAuthentication(client -> client.authenticationConverters(
                                                converters -> converters.add(0, ClientAssertions.withoutClientId()))
                                        .authenticationProviders(providers -> providers.forEach(provider -> {
                                            if (provider instanceof JwtClientAssertionAuthenticationProvider p) {
                                                p.setJwtDecoderFactory(assertions);
                                            }
                                        })))
                                .oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(
                        requestsToServer -> requestsToServer.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(fhirTokens)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signInChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PAGES)
                .authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/auth/**", "/favicon.ico")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(login -> login.loginPage("/login").defaultSuccessUrl(AppsPage.PATH))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        return http.build();
    }
}

package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.testing.Browser.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.carerelay.testing.Browser;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * SMART App Launch against the built-in authorization server, as an app and a person's browser do it over HTTP:
 * standalone launch with the patient picker and consent, EHR launch from {@code /apps}, refresh, and the redirects
 * that carry OAuth errors back to the app.
 */
class SmartLaunchIT extends AbstractAuthorizationServerIT {

    private static final Pattern SCOPE_BOX = Pattern.compile("name=\"scope\" checked id=\"[^\"]+\" value=\"([^\"]+)\"");

    private String patientId;
    private String otherPatientId;
    private String family;

    @BeforeEach
    void patients() throws Exception {
        family = "Launch" + UUID.randomUUID().toString().substring(0, 8);
        String backend = backendToken("system/Patient.c system/Patient.rs");
        patientId = createPatient(backend, family, "Ada", "1961-04-12");
        otherPatientId = createPatient(backend, "Other" + family, "Bo", "1970-01-01");
    }

    @Test
    void standaloneLaunchPicksAPatientAndTheTokenReadsOnlyThatPatient() throws Exception {
        Pkce pkce = Pkce.create();
        Browser browser = new Browser(ORIGIN);
        Browser.Page consent =
                signInAndReachConsent(browser, PUBLIC_APP, "openid fhirUser launch/patient patient/*.rs", pkce, "s-1");

        assertThat(consent.status()).isEqualTo(200);
        assertThat(consent.body()).contains("Choose a patient").contains("<label for=\"name\">Patient name</label>");
        Browser.Page search = browser.get(consentUrl(consent) + "&name=" + family);
        assertThat(search.body())
                .contains("Ada " + family + ", born 1961-04-12")
                .doesNotContain("Other" + family);

        Browser.Page chosen = browser.post(
                "/oauth2/consent/patient", form("state", state(search), "patient", patientId, "_csrf", search.csrf()));
        assertThat(chosen.status()).isEqualTo(303);
        Browser.Page approval = browser.get(chosen.location());
        assertThat(approval.body())
                .contains("Patient: Ada " + family + ", born 1961-04-12")
                .contains("Allow Public test app?");
        List<String> offered = scopes(approval);
        assertThat(offered).containsExactlyInAnyOrder("openid", "fhirUser", "launch/patient", "patient/*.rs");

        Browser.Page redirect = approve(browser, approval, PUBLIC_APP, offered);
        Map<String, String> back = Browser.query(redirect.location());
        assertThat(redirect.location()).startsWith(CALLBACK + "?");
        assertThat(back).containsEntry("state", "s-1").containsKey("code");

        RawHttp.Response token = oauthPost(
                "/oauth2/token",
                form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        back.get("code"),
                        "redirect_uri",
                        CALLBACK,
                        "client_id",
                        PUBLIC_APP,
                        "code_verifier",
                        pkce.verifier()),
                null,
                null);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        JsonNode body = json(token);
        assertThat(body.get("patient").asText()).isEqualTo(patientId);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(List.of(body.get("scope").asText().split(" ")))
                .containsExactlyInAnyOrder("openid", "fhirUser", "launch/patient", "patient/*.rs");
        assertThat(body.has("refresh_token")).isFalse();
        JWTClaimsSet id = JWTParser.parse(body.get("id_token").asText()).getJWTClaimsSet();
        assertThat(id.getStringClaim("fhirUser")).isEqualTo(FHIR + "/" + PRACTITIONER_FHIR_USER);
        assertThat(id.getIssuer()).isEqualTo(ORIGIN);

        String access = body.get("access_token").asText();
        JWTClaimsSet claims = JWTParser.parse(access).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly(FHIR);
        assertThat(claims.getStringClaim("patient")).isEqualTo(patientId);
        assertThat(claims.getStringClaim("client_id")).isEqualTo(PUBLIC_APP);
        assertThat(claims.getStringClaim("fhirUser")).isEqualTo(PRACTITIONER_FHIR_USER);

        assertThat(bearerGet("/Patient/" + patientId, access).status()).isEqualTo(200);
        assertThat(bearerGet("/Patient/" + otherPatientId, access).status()).isEqualTo(403);
    }

    @Test
    void theUserDenyingConsentSendsAccessDeniedToTheApp() {
        Browser browser = new Browser(ORIGIN);
        Browser.Page consent =
                signInAndReachConsent(browser, CONFIDENTIAL_APP, "openid user/*.rs", Pkce.create(), "s-deny");
        assertThat(scopes(consent)).containsExactlyInAnyOrder("openid", "user/*.rs");

        Browser.Page redirect =
                browser.post("/oauth2/authorize", form("client_id", CONFIDENTIAL_APP, "state", state(consent)));

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(Browser.query(redirect.location()))
                .containsEntry("error", "access_denied")
                .containsEntry("state", "s-deny");
    }

    @Test
    void ehrLaunchOpensTheAppWithTheChosenPatientOnce() throws Exception {
        Browser browser = new Browser(ORIGIN);
        Browser.Page toLogin = browser.get("/apps");
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.location()).endsWith("/login");
        browser.signIn(PRACTITIONER, PRACTITIONER_PASSWORD);
        Browser.Page apps = browser.get("/apps?name=" + family);
        assertThat(apps.body())
                .contains("<legend>App</legend>")
                .contains("Public test app")
                .doesNotContain(CONFIDENTIAL_APP)
                .contains("Ada " + family + ", born 1961-04-12");

        Browser.Page launched =
                browser.post("/apps/launch", form("app", PUBLIC_APP, "patient", patientId, "_csrf", apps.csrf()));
        assertThat(launched.status()).isEqualTo(303);
        assertThat(launched.location()).startsWith(LAUNCH_URI + "?");
        Map<String, String> launch = Browser.query(launched.location());
        assertThat(launch.get("iss")).isEqualTo(FHIR);
        String launchId = launch.get("launch");
        assertThat(launchId).hasSizeGreaterThanOrEqualTo(40);

        Pkce pkce = Pkce.create();
        String authorize = authorizeUrl(PUBLIC_APP, "launch openid fhirUser patient/*.rs", pkce, "ehr-1", FHIR)
                + "&launch=" + launchId;
        Browser.Page toConsent = browser.get(authorize);
        assertThat(toConsent.location()).contains("/oauth2/consent?");
        Browser.Page approval = browser.get(toConsent.location());
        assertThat(approval.body()).contains("Patient: Ada " + family + ", born 1961-04-12");
        Browser.Page redirect = approve(browser, approval, PUBLIC_APP, scopes(approval));
        JsonNode token = exchange(Browser.query(redirect.location()).get("code"), pkce);
        assertThat(token.get("patient").asText()).isEqualTo(patientId);
        assertThat(bearerGet("/Patient/" + patientId, token.get("access_token").asText())
                        .status())
                .isEqualTo(200);

        Browser.Page reused = browser.get(
                authorizeUrl(PUBLIC_APP, "launch patient/*.rs", Pkce.create(), "ehr-2", FHIR) + "&launch=" + launchId);
        assertRedirectError(reused, "invalid_request", "ehr-2");
    }

    @Test
    void aConfidentialAppWithOfflineAccessRefreshesAndTheOldRefreshTokenDies() throws Exception {
        Browser browser = new Browser(ORIGIN);
        Pkce pkce = Pkce.create();
        Browser.Page consent =
                signInAndReachConsent(browser, CONFIDENTIAL_APP, "user/*.rs offline_access", pkce, "s-refresh");
        Browser.Page redirect = approve(browser, consent, CONFIDENTIAL_APP, scopes(consent));
        String code = Browser.query(redirect.location()).get("code");
        Map<String, List<String>> exchange = form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                pkce.verifier());

        RawHttp.Response token = oauthPost("/oauth2/token", exchange, CONFIDENTIAL_APP, SECRET);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        JsonNode first = json(token);
        assertThat(first.has("patient")).isFalse();
        String refresh = first.get("refresh_token").asText();

        Map<String, List<String>> refreshing = form("grant_type", "refresh_token", "refresh_token", refresh);
        RawHttp.Response refreshed = oauthPost("/oauth2/token", refreshing, CONFIDENTIAL_APP, SECRET);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        JsonNode second = json(refreshed);
        assertThat(List.of(second.get("scope").asText().split(" ")))
                .containsExactlyInAnyOrder("user/*.rs", "offline_access");
        String access = second.get("access_token").asText();
        assertThat(bearerGet("/Patient/" + patientId, access).status()).isEqualTo(200);
        assertThat(JWTParser.parse(access).getJWTClaimsSet().getStringClaim("fhirUser"))
                .isEqualTo(PRACTITIONER_FHIR_USER);

        RawHttp.Response again = oauthPost("/oauth2/token", refreshing, CONFIDENTIAL_APP, SECRET);
        assertThat(again.status()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).isEqualTo("invalid_grant");
        RawHttp.Response replayedCode = oauthPost("/oauth2/token", exchange, CONFIDENTIAL_APP, SECRET);
        assertThat(replayedCode.status()).isEqualTo(400);
        assertThat(json(replayedCode).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void scopesBeyondTheClientsAllowanceAreNotOfferedNorGranted() {
        Browser browser = new Browser(ORIGIN);
        Browser.Page consent = signInAndReachConsent(
                browser,
                CONFIDENTIAL_APP,
                "patient/Observation.rs user/*.cruds system/*.rs user/Patient.r",
                Pkce.create(),
                "s-narrow");

        assertThat(scopes(consent)).containsExactlyInAnyOrder("patient/Observation.rs", "user/Patient.r");
    }

    @Test
    void authorizationErrorsGoBackToTheAppAsOAuthSays() {
        Browser browser = new Browser(ORIGIN);
        assertRedirectError(
                browser.get(
                        authorizeUrl(PUBLIC_APP, "patient/*.rs", Pkce.create(), "e-1", "https://elsewhere.test/fhir")),
                "invalid_request",
                "e-1");
        assertRedirectError(
                browser.get(authorizeUrl(PUBLIC_APP, "patient/*.rs bogus", Pkce.create(), "e-2", FHIR)),
                "invalid_scope",
                "e-2");
        assertRedirectError(
                browser.get(authorizeUrl(PUBLIC_APP, "user/*.cruds", Pkce.create(), "e-3", FHIR)),
                "invalid_scope",
                "e-3");
        assertRedirectError(
                browser.get(authorizeUrl(PUBLIC_APP, "launch patient/*.rs", Pkce.create(), "e-4", FHIR)),
                "invalid_request",
                "e-4");
        String withoutPkce = UriComponentsBuilder.fromUriString(ORIGIN + "/oauth2/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", PUBLIC_APP)
                .queryParam("redirect_uri", CALLBACK)
                .queryParam("scope", "patient/*.rs")
                .queryParam("state", "e-5")
                .queryParam("aud", FHIR)
                .toUriString();
        assertRedirectError(browser.get(withoutPkce), "invalid_request", "e-5");

        Browser.Page unknownClient =
                browser.get(authorizeUrl("no-such-app", "patient/*.rs", Pkce.create(), "e-6", FHIR));
        assertThat(unknownClient.status()).isEqualTo(400);
        assertThat(unknownClient.location()).isNull();
        assertThat(unknownClient.body()).doesNotContain("Exception").doesNotContain("at org.");
        Browser.Page foreignRedirect = browser.get(authorizeUrl(PUBLIC_APP, "patient/*.rs", Pkce.create(), "e-7", FHIR)
                .replace(CALLBACK, "https://evil.test/cb"));
        assertThat(foreignRedirect.status()).isEqualTo(400);
        assertThat(foreignRedirect.location()).isNull();
        Browser.Page backendAuthorize = browser.get(authorizeUrl(BACKEND, "system/*.rs", Pkce.create(), "e-8", FHIR));
        assertThat(backendAuthorize.status()).isEqualTo(400);

        RawHttp.Response badCode = oauthPost(
                "/oauth2/token",
                form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        "made-up",
                        "redirect_uri",
                        CALLBACK,
                        "client_id",
                        PUBLIC_APP,
                        "code_verifier",
                        Pkce.create().verifier()),
                null,
                null);
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(json(badCode).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongPasswordStaysOnTheLoginPage() {
        Browser browser = new Browser(ORIGIN);
        browser.get(authorizeUrl(PUBLIC_APP, "patient/*.rs", Pkce.create(), "pw", FHIR));

        Browser.Page refused = browser.signIn(PRACTITIONER, "not the password");

        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.location()).endsWith("/login?error");
        assertThat(browser.get(refused.location()).body()).contains("That username and password do not match.");
        Browser.Page other = browser.signIn(OTHER_USER, OTHER_PASSWORD);
        assertThat(other.status()).isEqualTo(302);
        assertThat(other.location()).contains("/oauth2/authorize");
    }

    @Test
    void aPatientSignsInAsTheirOwnRecordAndCannotChooseAnother() {
        Browser browser = new Browser(ORIGIN);
        Browser.Page consent = signInAndReachConsent(
                browser,
                PUBLIC_APP,
                "launch/patient patient/*.rs",
                Pkce.create(),
                "s-self",
                PATIENT_USER,
                PATIENT_PASSWORD);

        assertThat(consent.body()).contains("Patient: Patient/" + PATIENT_SELF).doesNotContain("Choose a patient");
        Browser.Page other = browser.post(
                "/oauth2/consent/patient",
                form(
                        "state",
                        state(consent),
                        "patient",
                        otherPatientId,
                        "_csrf",
                        browser.get("/login").csrf()));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body()).contains("You can only choose your own record.");
    }

    @Test
    void aPatientIsNeverGrantedUserScopes() {
        Browser browser = new Browser(ORIGIN);
        browser.get(authorizeUrl(CONFIDENTIAL_APP, "user/*.rs", Pkce.create(), "s-user", FHIR));
        Browser.Page signedIn = browser.signIn(PATIENT_USER, PATIENT_PASSWORD);

        Browser.Page refused = browser.get(signedIn.location());

        assertRedirectError(refused, "invalid_scope", "s-user");
        Browser.Page narrowed = browser.get(
                authorizeUrl(CONFIDENTIAL_APP, "user/*.rs patient/*.rs launch/patient", Pkce.create(), "s-n", FHIR));
        assertThat(scopes(browser.get(narrowed.location())))
                .containsExactlyInAnyOrder("launch/patient", "patient/*.rs");
    }

    @Test
    void launchPatientCannotBeApprovedWithoutAPatient() {
        Browser browser = new Browser(ORIGIN);
        Browser.Page picker =
                signInAndReachConsent(browser, PUBLIC_APP, "launch/patient patient/*.rs", Pkce.create(), "s-nopatient");
        assertThat(picker.body()).contains("Choose a patient");

        Browser.Page skipped = browser.post(
                "/oauth2/authorize",
                form(
                        "client_id",
                        PUBLIC_APP,
                        "state",
                        state(picker),
                        "scope",
                        "launch/patient",
                        "scope",
                        "patient/*.rs"));

        assertThat(skipped.status()).isEqualTo(400);
        assertThat(skipped.location()).isNull();
    }

    @Test
    void aNameTooLongToSearchFindsNobodyAndBreaksNothing() {
        Browser browser = new Browser(ORIGIN);
        Browser.Page picker =
                signInAndReachConsent(browser, PUBLIC_APP, "launch/patient patient/*.rs", Pkce.create(), "s-long");

        Browser.Page search = browser.get(consentUrl(picker) + "&name=" + "x".repeat(2000));

        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).contains("No patient matches.");
        assertThat(browser.get("/apps?name=" + "y".repeat(2000)).status()).isEqualTo(200);
    }

    // ----- helpers -----

    /** From the app's authorize request through the login form to the first page after it. */
    private Browser.Page signInAndReachConsent(Browser browser, String client, String scope, Pkce pkce, String state) {
        return signInAndReachConsent(browser, client, scope, pkce, state, PRACTITIONER, PRACTITIONER_PASSWORD);
    }

    private Browser.Page signInAndReachConsent(
            Browser browser, String client, String scope, Pkce pkce, String state, String user, String password) {
        Browser.Page toLogin = browser.get(authorizeUrl(client, scope, pkce, state, FHIR));
        assertThat(toLogin.status()).isEqualTo(302);
        assertThat(toLogin.location()).endsWith("/login");
        Browser.Page signedIn = browser.signIn(user, password);
        assertThat(signedIn.status()).isEqualTo(302);
        Browser.Page toConsent = browser.get(signedIn.location());
        assertThat(toConsent.status()).as(toConsent.body()).isEqualTo(302);
        assertThat(toConsent.location()).contains("/oauth2/consent?");
        return browser.get(toConsent.location());
    }

    static String authorizeUrl(String client, String scope, Pkce pkce, String state, String aud) {
        return UriComponentsBuilder.fromUriString(ORIGIN + "/oauth2/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", client)
                .queryParam("redirect_uri", CALLBACK)
                .queryParam("scope", scope)
                .queryParam("state", state)
                .queryParam("aud", aud)
                .queryParam("code_challenge", pkce.challenge())
                .queryParam("code_challenge_method", "S256")
                .encode()
                .toUriString();
    }

    private static JsonNode exchange(String code, Pkce pkce) {
        RawHttp.Response token = oauthPost(
                "/oauth2/token",
                form(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", CALLBACK,
                        "client_id", PUBLIC_APP,
                        "code_verifier", pkce.verifier()),
                null,
                null);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return json(token);
    }

    private static void assertRedirectError(Browser.Page page, String error, String state) {
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(page.location()).startsWith(CALLBACK + "?");
        assertThat(Browser.query(page.location())).containsEntry("error", error).containsEntry("state", state);
    }

    private static Browser.Page approve(Browser browser, Browser.Page approval, String client, List<String> scopes) {
        Map<String, List<String>> fields = form("client_id", client, "state", state(approval));
        fields.put("scope", new ArrayList<>(scopes));
        return browser.post("/oauth2/authorize", fields);
    }

    private static List<String> scopes(Browser.Page page) {
        List<String> scopes = new ArrayList<>();
        Matcher matcher = SCOPE_BOX.matcher(page.body());
        while (matcher.find()) {
            scopes.add(matcher.group(1));
        }
        return scopes;
    }

    private static String state(Browser.Page page) {
        Matcher matcher = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(page.body());
        if (!matcher.find()) {
            throw new AssertionError("no state on the page: " + page.body());
        }
        return org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1));
    }

    private static String consentUrl(Browser.Page page) {
        return "/oauth2/consent?state=" + Browser.encodeParameter(state(page));
    }

    static String backendToken(String scope) {
        RawHttp.Response response = oauthPost(
                "/oauth2/token",
                form(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        scope,
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion",
                        CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384()),
                null,
                null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json(response).get("access_token").asText();
    }

    static String createPatient(String token, String family, String given, String birthDate) {
        String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"" + given
                + "\"]}],\"birthDate\":\"" + birthDate + "\"}";
        RawHttp.Response created = RawHttp.at(FHIR)
                .send(
                        "POST",
                        "/Patient",
                        "application/fhir+json",
                        HttpRequest.BodyPublishers.ofString(body),
                        Map.of("Authorization", "Bearer " + token));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.header("Location");
        return location.split("/Patient/")[1].split("/")[0];
    }
}

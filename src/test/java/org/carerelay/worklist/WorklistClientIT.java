package org.carerelay.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.carerelay.testing.Browser;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * With security on and the built-in authorization server, the worklist's files need no token, and the page is a
 * registered public client, {@code carerelay-worklist}, whose one redirect is the page itself.
 */
class WorklistClientIT extends AbstractAuthorizationServerIT {

    @Test
    void thePageAndItsSettingsNeedNoTokenButTheRecordsDo() {
        RawHttp site = RawHttp.at(ORIGIN);

        RawHttp.Response page = site.get("/worklist/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
        assertThat(site.get("/worklist/js/auth.js").status()).isEqualTo(200);
        assertThat(site.get("/worklist/lib/uplot/uPlot.esm.js").status()).isEqualTo(200);
        assertThat(site.get("/worklist/settings.json").body()).contains("\"clientId\":\"carerelay-worklist\"");

        assertThat(fhir().get("/Task").status()).isEqualTo(401);
        assertThat(fhir().get("/.well-known/smart-configuration").status()).isEqualTo(200);
    }

    @Test
    void theWorklistIsARegisteredPublicClientThatReturnsOnlyToThePage() {
        Browser browser = new Browser(ORIGIN);

        Browser.Page toLogin = browser.get(authorize(ORIGIN + "/worklist/", Pkce.create()));
        assertThat(toLogin.status()).as(toLogin.body()).isEqualTo(302);
        assertThat(toLogin.location()).isEqualTo(ORIGIN + "/login");

        Browser.Page elsewhere = new Browser(ORIGIN).get(authorize("https://elsewhere.test/worklist/", Pkce.create()));
        assertThat(elsewhere.status()).isEqualTo(400);

        Browser.Page withoutPkce = new Browser(ORIGIN)
                .get(authorize(ORIGIN + "/worklist/", Pkce.create())
                        .replaceAll("&code_challenge=[^&]*", "")
                        .replace("&code_challenge_method=S256", ""));
        assertThat(withoutPkce.status()).isEqualTo(302);
        assertThat(Browser.query(withoutPkce.location()))
                .containsEntry("error", "invalid_request")
                .containsEntry("state", "wl");
    }

    private static String authorize(String redirect, Pkce pkce) {
        return UriComponentsBuilder.fromUriString(ORIGIN + "/oauth2/authorize")
                .queryParam("response_type", "code")
                .queryParam("client_id", "carerelay-worklist")
                .queryParam("redirect_uri", redirect)
                .queryParam("scope", "openid fhirUser user/*.crus")
                .queryParam("state", "wl")
                .queryParam("aud", FHIR)
                .queryParam("code_challenge", pkce.challenge())
                .queryParam("code_challenge_method", "S256")
                .encode()
                .toUriString();
    }
}

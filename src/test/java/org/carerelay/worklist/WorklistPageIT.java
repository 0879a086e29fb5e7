package org.carerelay.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * The worklist page is served by the server itself, at {@code /worklist/}, with a Content-Security-Policy that lets it
 * load and call nothing but this server; with security off (this server) it finds no SMART discovery and so offers a
 * practitioner picker instead of signing in.
 */
class WorklistPageIT extends AbstractFhirIT {

    private RawHttp site() {
        return RawHttp.at("http://localhost:" + port);
    }

    @Test
    void thePageIsServedAtWorklistWithAContentSecurityPolicyOfSelf() {
        RawHttp.Response page = site().get("/worklist/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(page.header("Content-Security-Policy")).isEqualTo("default-src 'self'");
        assertThat(page.body())
                .contains("<title>Worklist · CareRelay</title>")
                .contains("<script type=\"module\" src=\"js/app.js\"></script>")
                .doesNotContain("<script>")
                .doesNotContain("style=");
    }

    @Test
    void withoutTheTrailingSlashTheBrowserIsSentToThePage() {
        RawHttp.Response redirect = site().get("/worklist");

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).endsWith("/worklist/");
    }

    @Test
    void itsModulesAndTheChartLibraryFromItsWebJarAreServedUnderTheSamePolicy() {
        for (String module :
                new String[] {"app", "auth", "fhir", "dom", "format", "today", "live", "registry", "patient", "metrics"
                }) {
            RawHttp.Response script = site().get("/worklist/js/" + module + ".js");
            assertThat(script.status()).as(module).isEqualTo(200);
            assertThat(script.header("Content-Type")).as(module).isEqualTo("text/javascript");
            assertThat(script.header("Content-Security-Policy")).as(module).isEqualTo("default-src 'self'");
        }
        RawHttp.Response uplot = site().get("/worklist/lib/uplot/uPlot.esm.js");
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.body()).contains("export { uPlot as default }");
        assertThat(site().get("/worklist/lib/uplot/uPlot.min.css").status()).isEqualTo(200);
        assertThat(site().get("/worklist/lib/uplot/package.json").status()).isEqualTo(404);
        assertThat(site().get("/worklist/js/missing.js").status()).isEqualTo(404);
    }

    @Test
    void settingsNameTheClientTheScopesAndThePollInterval() {
        RawHttp.Response settings = site().get("/worklist/settings.json");

        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.header("Content-Type")).isEqualTo("application/json");
        assertThat(settings.body())
                .contains("\"clientId\":\"carerelay-worklist\"")
                .contains("\"scope\":\"openid fhirUser user/*.crus\"")
                .contains("\"pollSeconds\":15");
    }

    @Test
    void theFhirEndpointKeepsItsOwnHeadersAndHasNoSmartDiscoveryWithSecurityOff() {
        RawHttp.Response metadata = http.get("/metadata");
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.header("Content-Security-Policy")).isNull();

        assertThat(http.get("/.well-known/smart-configuration").status()).isEqualTo(404);
    }
}

package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.carerelay.testing.Chromium;
import org.carerelay.testing.Prerequisite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real SMART app in a real browser: a page using SMART's own JavaScript client (npm {@code fhirclient}), served from
 * another origin, completes a standalone launch against CareRelay in headless Chromium (a person signs in, picks the
 * patient, approves) and reads the chosen patient. Needs Debian's {@code chromium} and {@code chromium-driver} and
 * npm; without them it is skipped (and fails under CI=true).
 */
class SmartAppInBrowserIT extends AbstractAuthorizationServerIT {

    static final String FHIRCLIENT = "fhirclient@2.6.3";
    static final Path WORK = Path.of("target", "browser").toAbsolutePath();

    private HttpServer app;
    private WebDriver browser;

    @BeforeEach
    void startAppAndBrowser() throws Exception {
        Chromium.require();
        Path client = fhirClient();
        Prerequisite.require(client != null, "npm and the npm registry, to fetch " + FHIRCLIENT);

        app = HttpServer.create(new InetSocketAddress("localhost", APP_PORT), 0);
        serve("/app/launch.html", "text/html", resource("launch.html"));
        serve("/app/index.html", "text/html", resource("index.html"));
        serve("/app/fhir-client.js", "text/javascript", Files.readAllBytes(client));
        app.start();

        ChromeOptions options = new ChromeOptions();
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        browser = Chromium.start(WORK, options, "--window-size=1000,900");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    @Test
    void fhirclientCompletesAStandaloneLaunchAndReadsTheChosenPatient() throws Exception {
        String family = "Browser" + UUID.randomUUID().toString().substring(0, 6);
        String backend = SmartLaunchIT.backendToken("system/Patient.c");
        SmartLaunchIT.createPatient(backend, family, "Grace", "1958-09-30");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(APP_ORIGIN + "/app/launch.html?iss=" + FHIR + "&client=" + BROWSER_APP);

        wait.until(ExpectedConditions.titleContains("Sign in"));
        byLabel("Username").sendKeys(PRACTITIONER);
        byLabel("Password").sendKeys(PRACTITIONER_PASSWORD);
        browser.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();

        wait.until(ExpectedConditions.titleContains("Choose a patient"));
        byLabel("Patient name").sendKeys(family);
        browser.findElement(By.xpath("//button[normalize-space()='Search']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.xpath("//button[normalize-space()='Grace " + family + ", born 1958-09-30']")))
                .click();

        wait.until(ExpectedConditions.titleContains("Allow Browser test app?"));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("Patient: Grace " + family + ", born 1958-09-30")
                .contains("patient/*.rs");
        screenshot("consent");
        browser.findElement(By.xpath("//button[normalize-space()='Approve']")).click();

        wait.until(ExpectedConditions.textMatches(By.id("patient"), java.util.regex.Pattern.compile("^(?!loading).+")));
        screenshot("app");
        assertThat(browser.findElement(By.id("patient")).getText()).isEqualTo("Grace " + family + ", born 1958-09-30");
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("signed in as " + PRACTITIONER_FHIR_USER);
    }

    private WebElement byLabel(String label) {
        String id = browser.findElement(By.xpath("//label[normalize-space()='" + label + "']"))
                .getAttribute("for");
        return browser.findElement(By.id(id));
    }

    private void screenshot(String name) throws IOException {
        Files.write(WORK.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void serve(String path, String type, byte[] body) {
        app.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SmartAppInBrowserIT.class.getResourceAsStream("/smart-app/" + name)) {
            return in.readAllBytes();
        }
    }

    /** SMART's browser bundle, fetched once per build from the npm registry with the machine's npm; null if not. */
    static synchronized Path fhirClient() throws IOException, InterruptedException {
        Path bundle = WORK.resolve("package/build/fhir-client.js");
        if (Files.exists(bundle)) {
            return bundle;
        }
        Files.createDirectories(WORK);
        if (!run(List.of("npm", "pack", FHIRCLIENT, "--silent", "--pack-destination", WORK.toString()))) {
            return null;
        }
        String tarball = FHIRCLIENT.replace('@', '-') + ".tgz";
        if (!run(List.of(
                "tar",
                "-xzf",
                WORK.resolve(tarball).toString(),
                "-C",
                WORK.toString(),
                "package/build/fhir-client.js"))) {
            return null;
        }
        return Files.exists(bundle) ? bundle : null;
    }

    private static boolean run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(WORK.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("npm.log").toFile())
                    .start();
            return process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }
}

package org.carerelay.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.util.List;
import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The care coordinator's day in a real browser, with security on and the built-in authorization server: the
 * coordinator signs in to the worklist (a SMART standalone launch with PKCE), sees exactly the generated handoffs and
 * gaps, accepts a handoff, sees a new one arrive without reloading, rejects it, completes another with its outcome,
 * records the missing HbA1c, and reads a patient's
 * two specialists' plans side by side. Each view passes axe-core (no serious or critical violation) and is saved as a
 * screenshot at 1280x800 and 768x1024. One browser for the whole class; the steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorklistBrowserIT extends AbstractAuthorizationServerIT {

    private WorklistBrowser browser;
    private WorklistScenario day;
    private IGenericClient seeder;

    @BeforeAll
    void startBrowserAndWriteTheDay() throws Exception {
        browser = WorklistBrowser.start();
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        seeder = fhir.newRestfulGenericClient(FHIR);
        seeder.registerInterceptor(new BearerTokenAuthInterceptor(seederToken()));
        day = new WorklistScenario(COORDINATOR_ID).write(seeder);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void theCoordinatorSignsInAndSeesExactlyTheirDay() {
        browser.open(ORIGIN + "/worklist/");

        browser.wait.until(ExpectedConditions.titleContains("Sign in"));
        browser.byLabel("Username").sendKeys(COORDINATOR);
        browser.byLabel("Password").sendKeys(COORDINATOR_PASSWORD);
        browser.click("Sign in");
        browser.wait.until(ExpectedConditions.titleContains("Allow Care coordinator's worklist?"));
        assertThat(browser.text(By.tagName("main"))).contains("user/*.crus");
        browser.click("Approve");

        browser.wait.until(ExpectedConditions.urlToBe(ORIGIN + "/worklist/"));
        assertThat(browser.text(By.id("signed-in"))).isEqualTo("Signed in as " + day.coordinatorName());
        assertThat(browser.count("incoming")).isEqualTo(Integer.toString(WorklistScenario.INCOMING));
        assertThat(browser.count("progress")).isEqualTo(Integer.toString(WorklistScenario.ACCEPTED));
        assertThat(browser.count("outgoing")).isEqualTo(Integer.toString(WorklistScenario.OUTGOING));
        assertThat(browser.count("overdue")).isEqualTo(Integer.toString(WorklistScenario.OVERDUE));
        assertThat(browser.count("gaps")).isEqualTo(Integer.toString(WorklistScenario.GAPS));
        // the page listens on a websocket Subscription of the coordinator's Tasks besides polling
        browser.wait.until(ExpectedConditions.textToBe(By.id("live"), "Live: notified as your handoffs change"));
        assertThat(browser.text(By.id("list-incoming")))
                .contains("warning: receiver-not-on-care-team")
                .contains("complete: no findings");
        assertThat(browser.driver.findElements(By.cssSelector("[data-rule]")).stream()
                        .map(e -> e.getAttribute("data-rule"))
                        .toList())
                .containsExactly("conflicting-plans", "fragmented-care-plans", "hba1c-overdue", "task-overdue");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("today");
    }

    @Test
    @Order(2)
    void acceptingAHandoffMovesItOutOfIncomingAndItsProvenanceNamesTheCoordinator() {
        browser.click("Accept referral for " + day.patientName("Ada"));
        browser.byLabel("Your synthesis: what you understood and will do").sendKeys("Will call Ada tomorrow");
        browser.click("Accept handoff");

        browser.waitForCount("incoming", "1");
        browser.waitForCount("progress", "2");
        assertThat(browser.text(By.id("list-incoming"))).doesNotContain(day.patientName("Ada"));
        Bundle provenance = seeder.search()
                .forResource(Provenance.class)
                .where(Provenance.TARGET.hasId(day.adaReferral))
                .returnBundle(Bundle.class)
                .execute();
        List<Provenance> accepted = provenance.getEntry().stream()
                .map(e -> (Provenance) e.getResource())
                .filter(p -> p.getActivity().getCodingFirstRep().getCode().equals("accepted"))
                .toList();
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).getAgent().stream()
                        .map(a -> a.getType().getCodingFirstRep().getCode() + " "
                                + a.getWho().getReference())
                        .toList())
                .contains("enterer Practitioner/" + COORDINATOR_ID);
    }

    @Test
    @Order(3)
    void aNewHandoffAppearsWithoutReloading() {
        day.sendAnother(seeder);

        browser.waitForCount("incoming", "2");
        assertThat(browser.text(By.id("list-incoming"))).contains("referral for " + day.patientName("Cy"));
    }

    @Test
    @Order(4)
    void rejectingWithAReasonAndCompletingWithAnOutcomeEmptyTheLists() {
        browser.click("Reject referral for " + day.patientName("Cy"));
        browser.byLabel("Reason for rejecting").sendKeys("Cy already sees a colleague of mine");
        browser.click("Reject handoff");
        browser.waitForCount("incoming", "1");

        browser.click("Complete referral for " + day.patientName("Cy"));
        browser.byLabel("Outcome that closes the loop (for example Encounter/123)")
                .sendKeys(day.cyFollowUp);
        browser.click("Complete handoff");
        browser.waitForCount("progress", "1");
        browser.waitForCount("overdue", "0");
        assertThat(seeder.read()
                        .resource(org.hl7.fhir.r4.model.Task.class)
                        .withId(day.cyAccepted)
                        .execute()
                        .getStatus()
                        .toCode())
                .isEqualTo("completed");
    }

    @Test
    @Order(5)
    void recordingTheMissingHbA1cClosesTheGapOnReload() {
        browser.click("Record HbA1c for " + day.patientName("Ada"));
        browser.byLabel("HbA1c (%)").sendKeys("7.2");
        browser.click("Record result");
        browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.tagName("dialog")));

        browser.driver.navigate().refresh();
        browser.idle();

        // the HbA1c closed Ada's gap, and completing Cy's referral closed the overdue task's
        assertThat(browser.count("gaps")).isEqualTo(Integer.toString(WorklistScenario.GAPS - 2));
        assertThat(browser.driver.findElements(By.cssSelector("[data-rule='hba1c-overdue']")))
                .isEmpty();
    }

    @Test
    @Order(6)
    void aPatientsPlansFromTwoSpecialistsStandSideBySide() {
        browser.view("#patient/" + day.ben.substring("Patient/".length()));

        List<String> authors = browser.driver.findElements(By.cssSelector("#care-plans th.plan-author")).stream()
                .map(th -> th.getText().split("\n")[0])
                .toList();
        assertThat(authors).containsExactlyInAnyOrder(day.cardiologistName(), day.endocrinologistName());
        assertThat(browser.text(By.id("care-plans")))
                .contains("Start a beta blocker")
                .contains("Titrate insulin");
        assertThat(browser.driver.findElements(By.cssSelector("#handoff-history li")))
                .hasSize(2);
        // the patient's open gaps: the two plans that ignore each other, and the orders that interact
        assertThat(browser.driver.findElements(By.cssSelector("#patient-gaps [data-rule]")).stream()
                        .map(e -> e.getAttribute("data-rule"))
                        .toList())
                .containsExactlyInAnyOrder("fragmented-care-plans", "conflicting-plans");
        assertThat(browser.text(By.id("patient-gaps")))
                .contains("1 conflict between the patient's plans (drug-drug/ddi-statin-cyp3a4); $plan-conflicts"
                        + " details each");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("patient");
    }

    @Test
    @Order(7)
    void theRegistryListsThePanelsDepressedPatientWithTheirTrend() {
        browser.view("#registry");

        assertThat(browser.text(By.id("registry-count"))).isEqualTo("1 patient");
        browser.click("Status");
        assertThat(browser.driver
                        .findElement(By.xpath("//th[button[normalize-space()='Status']]"))
                        .getAttribute("aria-sort"))
                .isEqualTo("ascending");
        assertThat(browser.text(By.cssSelector("#registry tbody tr")))
                .startsWith(day.patientName("Cy") + " improving 16 9 -7");
        assertThat(browser.driver
                        .findElement(By.cssSelector("#registry svg.trend"))
                        .getAttribute("aria-label"))
                .matches("PHQ-9 16 on \\d{4}-\\d{2}-\\d{2}, 9 on \\d{4}-\\d{2}-\\d{2}");
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("registry");
    }

    @Test
    @Order(8)
    void metricsShowEachMonthAsAChartAndATable() {
        browser.view("#metrics");

        browser.wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#metric-handoffs-by-status canvas")));
        assertThat(browser.driver.findElements(By.cssSelector("#metric-handoffs-by-status tbody tr")))
                .hasSize(13);
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("metrics");
    }
}

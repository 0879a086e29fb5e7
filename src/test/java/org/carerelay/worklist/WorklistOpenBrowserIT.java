package org.carerelay.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.List;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The worklist with security off, the embedded default: nobody signs in, the person picks the practitioner whose
 * worklist to show, and the page sends no token. The same generated day, the same exact counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorklistOpenBrowserIT extends AbstractFhirIT {

    private WorklistBrowser browser;
    private WorklistScenario day;
    private IGenericClient writer;

    @BeforeAll
    void startBrowserAndWriteTheDay() throws Exception {
        browser = WorklistBrowser.start();
        writer = FHIR.newRestfulGenericClient(baseUrl());
        day = new WorklistScenario(
                        "open-coordinator-" + UUID.randomUUID().toString().substring(0, 8))
                .write(writer);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void thePersonPicksThePractitionerAndSeesExactlyTheirDay() {
        browser.open("http://localhost:" + port + "/worklist/");

        browser.byLabel("Practitioner name").sendKeys(day.coordinatorName().split(" ")[1]);
        browser.click("Search");
        browser.click(day.coordinatorName());
        browser.idle();

        assertThat(browser.text(By.id("signed-in")))
                .isEqualTo("Working as " + day.coordinatorName() + " (security off)");
        assertThat(browser.count("incoming")).isEqualTo(Integer.toString(WorklistScenario.INCOMING));
        assertThat(browser.count("progress")).isEqualTo(Integer.toString(WorklistScenario.ACCEPTED));
        assertThat(browser.count("outgoing")).isEqualTo(Integer.toString(WorklistScenario.OUTGOING));
        assertThat(browser.count("overdue")).isEqualTo(Integer.toString(WorklistScenario.OVERDUE));
        assertThat(browser.count("gaps")).isEqualTo(Integer.toString(WorklistScenario.GAPS));
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("open-today");
    }

    @Test
    @Order(2)
    void acceptingAHandoffByKeyboardMovesItOutOfIncomingWithoutACaller() {
        browser.driver
                .findElement(By.xpath("//button[@aria-label='Accept referral for " + day.patientName("Ada") + "']"))
                .sendKeys(Keys.ENTER);
        // the dialog puts the focus in its first field, and Tab reaches its button
        WebElement synthesis = browser.byLabel("Your synthesis: what you understood and will do");
        browser.wait.until(d -> synthesis.equals(d.switchTo().activeElement()));
        synthesis.sendKeys("Will call Ada tomorrow");
        synthesis.sendKeys(Keys.TAB);
        assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Accept handoff");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);

        browser.waitForCount("incoming", "1");
        browser.waitForCount("progress", "2");
        Bundle provenance = writer.search()
                .forResource(Provenance.class)
                .where(Provenance.TARGET.hasId(day.adaReferral))
                .returnBundle(Bundle.class)
                .execute();
        List<String> accepted = provenance.getEntry().stream()
                .map(e -> (Provenance) e.getResource())
                .filter(p -> p.getActivity().getCodingFirstRep().getCode().equals("accepted"))
                .flatMap(p -> p.getAgent().stream())
                .map(a -> a.getType().getCodingFirstRep().getCode() + " "
                        + a.getWho().getReference())
                .toList();
        assertThat(accepted).containsExactly("performer " + day.coordinator);
    }

    @Test
    @Order(3)
    void aPatientsPlansFromTwoSpecialistsStandSideBySide() {
        browser.view("#patient/" + day.ben.substring("Patient/".length()));

        assertThat(browser.driver.findElements(By.cssSelector("#care-plans th.plan-author")).stream()
                        .map(th -> th.getText().split("\n")[0])
                        .toList())
                .containsExactlyInAnyOrder(day.cardiologistName(), day.endocrinologistName());
        assertThat(browser.seriousViolations()).isEmpty();
        browser.screenshots("open-patient");
    }
}

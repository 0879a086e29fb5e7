package org.carerelay.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.carerelay.testing.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The worklist page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven the way a
 * person uses it: by labels and visible text. One browser per test class; screenshots go to
 * {@code target/worklist-screenshots}, and axe-core (its WebJar, from the test classpath) checks each view.
 */
final class WorklistBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "worklist-screenshots").toAbsolutePath();
    static final Dimension DESKTOP = new Dimension(1280, 800);
    static final Dimension TABLET = new Dimension(768, 1024);

    final WebDriver driver;
    final WebDriverWait wait;

    private WorklistBrowser(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    /** A browser, or the test is skipped (failed under CI=true) when the machine has none. */
    static WorklistBrowser start() throws IOException {
        Chromium.require();
        Files.createDirectories(SCREENSHOTS);
        ChromeDriver driver =
                Chromium.start(SCREENSHOTS, new ChromeOptions(), "--hide-scrollbars", "--window-size=1280,800");
        return new WorklistBrowser(driver);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement byLabel(String label) {
        WebElement element = wait.until(
                ExpectedConditions.presenceOfElementLocated(By.xpath("//label[normalize-space()='" + label + "']")));
        return driver.findElement(By.id(element.getAttribute("for")));
    }

    /** Clicks a button by its text or label; a list the page redrew meanwhile (a live update) is looked up again. */
    void click(String buttonText) {
        By button = By.xpath("//button[normalize-space()='" + buttonText + "' or @aria-label='" + buttonText + "']");
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = d.findElement(button);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** The count shown beside a Today section's heading, once loaded. */
    String count(String section) {
        By id = By.id("count-" + section);
        wait.until(ExpectedConditions.not(ExpectedConditions.textToBe(id, "…")));
        return driver.findElement(id).getText();
    }

    void waitForCount(String section, String expected) {
        wait.until(ExpectedConditions.textToBe(By.id("count-" + section), expected));
    }

    String text(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText();
    }

    /** Navigates within the page (the fragment) and waits until the view has loaded. */
    void view(String fragment) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", fragment);
        idle();
    }

    void idle() {
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return document.readyState === 'complete'"
                        + " && !document.getElementById('main').hasAttribute('aria-busy')"
                        + " && !document.getElementById('main').textContent.includes('Loading…')")));
    }

    /** The serious and critical axe-core violations of what the page shows now, as "rule: target" lines. */
    List<String> seriousViolations() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined'"))) {
            js.executeScript(axeSource());
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations =
                (List<Map<String, Object>>) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => ({id: v.id, targets: v.nodes.map(n => n.target.join(' ')).join(', ')}))))"
                        + ".catch(e => done([{id: 'axe-failed', targets: String(e)}]));");
        return violations.stream()
                .map(v -> v.get("id") + ": " + v.get("targets"))
                .toList();
    }

    /** Screenshots of the view at desktop and tablet size, each checked to show more than one colour. */
    void screenshots(String name) {
        for (Dimension size : List.of(DESKTOP, TABLET)) {
            driver.manage().window().setSize(size);
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            idle();
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            assertThat(colours(png)).as("colours in the screenshot of %s", name).isGreaterThan(8);
            try {
                Files.write(SCREENSHOTS.resolve(name + "-" + size.getWidth() + "x" + size.getHeight() + ".png"), png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        driver.manage().window().setSize(DESKTOP);
    }

    private static int colours(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            Set<Integer> seen = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 4) {
                for (int x = 0; x < image.getWidth(); x += 4) {
                    seen.add(image.getRGB(x, y));
                }
            }
            return seen.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axeSource() {
        String path =
                "/META-INF/resources/webjars/axe-core/" + WorklistConfig.webJarVersion("axe-core") + "/axe.min.js";
        try (InputStream in = WorklistBrowser.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test classpath at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}

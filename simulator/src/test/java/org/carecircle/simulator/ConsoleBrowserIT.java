package org.carecircle.simulator;

import org.carecircle.infra.DevTokens;
import org.carecircle.infra.RealInfraInitializer;
import org.carecircle.infra.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The supervisor console in a real headless Chromium (Debian's chromium and chromedriver, which {@code .ci/run}
 * installs; skipped where they are absent): under the demo scenario it shows the district's queues, escalations and
 * map in Chinese, a click on "pause" pauses dispatch in that area (the API says so too), the language switch turns
 * it English, and a visit's timeline opens. The screenshot lands in {@code target/console.png}
 * ({@code docs/console.png} is one such, committed).
 */
class ConsoleBrowserIT {
    static final Path CHROMIUM = Path.of(System.getProperty("carecircle.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("carecircle.chromedriver", "/usr/bin/chromedriver"));
    static final String SUPERVISOR = DevTokens.supervisor("changning");
    static LocalPlatform platform;
    static DemoScenario scenario;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (installed by .ci/run)");
        RealInfrastructure infra = RealInfrastructure.shared();
        infra.flushRedis();
        Map<String, Object> properties = new HashMap<>(Map.of(
                "carecircle.kafka.topic-prefix", RealInfraInitializer.uniqueTopicPrefix(),
                "carecircle.dispatch.retry-interval", "500ms", "carecircle.dispatch.board-interval", "1s",
                "carecircle.http.rate-limit.requests-per-minute", "100000", "carecircle.http.rate-limit.burst", "10000"));
        for (String priority : List.of("EMERGENCY", "URGENT", "ROUTINE", "SCHEDULED")) {
            properties.put("carecircle.dispatch.escalate-after." + priority, "3s");
        }
        platform = LocalPlatform.start(infra, properties, LocalPlatform.Ports.RANDOM);
        PlatformClient client = PlatformClient.of(platform);
        scenario = new DemoScenario(DemoDistrict.changning(2026, 150), client, 2026,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        scenario.seedProviders();
        scenario.run(40, 0.15, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static WebDriver chromium() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,2000", "--lang=zh-CN",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void theConsoleShowsTheDistrictLiveAndAPauseClickedThereTakesEffect() throws IOException {
        WebDriver browser = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(platform.dispatchUrl() + "/console/index.html#token=" + SUPERVISOR);

            wait.until(b -> !b.findElements(By.cssSelector("#areas tbody tr[data-area]")).isEmpty());
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("长宁区居家医护派单监控台");
            assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
            // the demo district has no hospital escorts: those orders wait and are escalated with the reason
            wait.until(b -> !b.findElements(By.cssSelector("#escalations tbody tr[data-order]")).isEmpty());
            assertThat(browser.findElement(By.id("escalations")).getText()).contains("圈内无合格在岗人员");
            assertThat(browser.findElements(By.cssSelector("#map rect"))).isNotEmpty();
            assertThat(browser.findElement(By.id("onduty")).getText()).contains("护士");
            String page = browser.getPageSource();
            scenario.placedAddresses().forEach(address -> assertThat(page).doesNotContain(address));
            Path screenshot = Path.of("target", "console.png");
            Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            // a click on "pause" pauses dispatch in that area, on the page and for dispatch itself
            String area = wait.until(b -> b.findElement(By.cssSelector("#areas tbody tr[data-area]")).getAttribute("data-area"));
            // the board is redrawn as it changes: what was typed stays, and the click is retried should the button
            // have been redrawn in between
            wait.ignoring(StaleElementReferenceException.class).until(b -> {
                b.findElement(By.cssSelector("[data-testid='pause-reason-" + area + "']")).sendKeys("道路施工");
                return true;
            });
            wait.ignoring(StaleElementReferenceException.class).until(b -> {
                b.findElement(By.cssSelector("[data-testid='pause-" + area + "']")).click();
                return true;
            });
            wait.until(b -> b.findElement(By.cssSelector("#areas tbody tr[data-area='" + area + "']")).getText()
                    .contains("已暂停"));
            JsonNode areas = RestClient.create(platform.dispatchUrl()).get().uri("/dispatch/areas")
                    .header("Authorization", "Bearer " + SUPERVISOR).retrieve().body(JsonNode.class);
            assertThat(areas.valueStream().filter(a -> a.get("area").asString().equals(area)).findFirst().orElseThrow()
                    .get("paused").get("reason").asString()).isEqualTo("道路施工");
            assertThat(browser.findElement(By.id("message")).getText()).contains(area);

            // English on request, from the message bundles
            browser.findElement(By.id("lang")).click();
            wait.until(b -> b.findElement(By.tagName("h1")).getText().equals("Changning home-care dispatch console"));
            // a visit's timeline and the reason it was escalated
            String orderId = wait.ignoring(StaleElementReferenceException.class).until(b ->
                    b.findElement(By.cssSelector("#escalations tbody tr[data-order]")).getAttribute("data-order"));
            wait.ignoring(StaleElementReferenceException.class).until(b -> {
                b.findElement(By.cssSelector("[data-testid='details-" + orderId + "']")).click();
                return true;
            });
            wait.until(b -> b.findElement(By.id("detail-timeline")).getText().contains("escalated to supervisors"));
            assertThat(browser.findElement(By.id("detail-order")).getText()).isEqualTo(orderId);
        } finally {
            browser.quit();
        }
    }
}

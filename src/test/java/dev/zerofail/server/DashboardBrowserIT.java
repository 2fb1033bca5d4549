package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.GateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium: the figures equal the API's, a deploy's progress
 * appears without reload, a deployer rolls back through the confirmation, a viewer cannot; laptop and
 * phone screenshots under target/dashboard-screenshots/.
 */
class DashboardBrowserIT {
    @TempDir
    Path dir;

    private DashboardHarness d;
    private WebDriver browser;
    private String base;

    @BeforeEach
    void start() throws Exception {
        d = new DashboardHarness(dir);
        base = "http://127.0.0.1:" + d.port();
        String chromium = System.getenv().getOrDefault("ZEROFAIL_IT_CHROMIUM_BIN", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("ZEROFAIL_IT_CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")), "--window-size=1366,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        d.close();
    }

    private void login(String token) {
        browser.get(base + "/env/prod");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        WebElement field = browser.findElement(By.id("token"));
        field.sendKeys(token);
        field.sendKeys(Keys.ENTER);
        waitFor(b -> b.getCurrentUrl().endsWith("/env/prod"));
        waitFor(b -> !b.findElements(By.cssSelector("[data-figure='success-rate-7']")).isEmpty());
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition::apply);
    }

    private String figure(String key) {
        return browser.findElement(By.cssSelector("[data-figure='" + key + "']")).getText();
    }

    private void screenshot(String name, int width, int height) throws Exception {
        browser.manage().window().setSize(new Dimension(width, height));
        Thread.sleep(500);
        Path out = Path.of("target", "dashboard-screenshots");
        Files.createDirectories(out);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, out.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theFiguresAreTheApisAndADeploysProgressAppearsLive() throws Exception {
        login(ServerHarness.VIEWER_TOKEN);
        String apiPage = d.get("/env/prod", DashboardHarness.bearer(ServerHarness.VIEWER_TOKEN)).body();
        for (String key : List.of("success-rate-7", "success-rate-30", "streak", "change-fail-rate-7", "frequency-30",
                "deploy-time-mean-7", "deploy-time-p90-30")) {
            assertThat(figure(key)).as(key).isEqualTo(DashboardHarness.figure(apiPage, key));
        }
        assertThat(figure("success-rate-7")).isEqualTo("90.0%");
        assertThat(browser.findElements(By.cssSelector("[data-figure='image']")).stream().map(WebElement::getText).toList())
                .containsExactly("acme/api:2", "acme/web:7");
        // the chart drew (uPlot made a canvas) and the live feed connected
        waitFor(b -> !b.findElements(By.cssSelector(".chart canvas")).isEmpty());
        waitFor(b -> b.findElement(By.id("feed-state")).getText().equals("live"));
        screenshot("laptop-viewer", 1366, 900);
        screenshot("phone-viewer", 390, 844);
        browser.manage().window().setSize(new Dimension(1366, 900));
        Object marker = ((JavascriptExecutor) browser).executeScript("window.zfNoReload = 42; return window.zfNoReload;");
        assertThat(marker).isEqualTo(42L);

        // a deploy starts and passes a gate through the store (as the engine or a CI run would)
        long id = d.h.deployment("prod", "api", 48 * 60, DeployState.RUNNING);
        d.h.store.event(new DeployEvent(id, Instant.now(), "verify", "waiting for 3 healthy replicas"));
        d.h.store.gate(new GateResult(id, Instant.now(), "http", "http://127.0.0.1:1/health", true, "200 OK"));
        waitFor(b -> !b.findElements(By.cssSelector("article.running[data-deployment='" + id + "'] [data-gate='http']")).isEmpty());
        waitFor(b -> b.findElement(By.id("feed")).getText().contains("#" + id + " deploy api: gate http passed"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.zfNoReload;")).as("no reload").isEqualTo(42L);

        // the viewer has no rollback button, and a forged POST from the page's own origin is refused
        assertThat(browser.findElements(By.cssSelector("[data-rollback]"))).isEmpty();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[0];"
                + "fetch('/api/v1/rollbacks', {method: 'POST', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({env: 'prod', service: 'api'})}).then(function (r) { done(r.status); });");
        assertThat(status).isEqualTo(403L);
        Object withToken = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[0];"
                + "var t = document.querySelector('input[name=_csrf]').value;"
                + "fetch('/api/v1/rollbacks', {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': t},"
                + " body: JSON.stringify({env: 'prod', service: 'api'})}).then(function (r) { done(r.status); });");
        assertThat(withToken).isEqualTo(403L);
        assertThat(d.engine.actions).isEmpty();
    }

    @Test
    void aDeployerRollsBackThroughTheConfirmationUsingTheKeyboard() throws Exception {
        login(ServerHarness.DEPLOYER_TOKEN);
        WebElement button = browser.findElement(By.cssSelector("tr[data-service='api'] [data-rollback='api']"));
        button.sendKeys(Keys.ENTER);
        waitFor(b -> b.getCurrentUrl().endsWith("/env/prod/services/api/rollback"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Roll back api in prod?");
        // nothing has run before the confirmation
        assertThat(d.engine.actions).isEmpty();
        browser.findElement(By.id("reason")).sendKeys("bad release");
        screenshot("laptop-rollback-confirm", 1366, 900);
        screenshot("phone-rollback-confirm", 390, 844);
        browser.findElement(By.id("confirm-rollback")).sendKeys(Keys.ENTER);
        waitFor(b -> b.getCurrentUrl().matches(".*/deploys/[0-9]+$"));
        assertThat(d.engine.actions).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("rollback");
            assertThat(a.service()).isEqualTo("api");
            assertThat(a.reason()).isEqualTo("bad release");
            assertThat(a.actor()).isEqualTo("api:ci");
        });
        assertThat(browser.findElement(By.cssSelector("[data-figure='outcome']")).getText()).isEqualTo("running");
        d.engine.release.countDown();
        screenshot("laptop-deployment", 1366, 900);
        assertThat(d.h.store.auditLog(5)).anySatisfy(a -> {
            assertThat(a.path()).isEqualTo("/api/v1/rollbacks");
            assertThat(a.status()).isEqualTo(202);
            assertThat(a.tokenName()).isEqualTo("ci");
        });
    }
}

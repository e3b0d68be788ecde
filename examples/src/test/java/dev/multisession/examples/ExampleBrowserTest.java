package dev.multisession.examples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.SessionStore;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo end to end in a real headless Chromium (Debian's chromium and chromedriver): sign in
 * as two users, switch with the account switcher, two tabs on two accounts, organization
 * switching opening and closing a role-gated page, sign out of one account and then all.
 * Takes the switcher screenshot the README shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleBrowserTest {
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(10);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(1);
    private static ExampleApp app;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        // short tokens, so the last test can outlive one (10 s is the least the library accepts)
        System.setProperty(ConfigKeys.TOKEN_LIFETIME, TOKEN_LIFETIME.toSeconds() + "s");
        System.setProperty(ConfigKeys.TOKEN_REFRESH_WINDOW, "3s");
        System.setProperty(ConfigKeys.CLOCK_SKEW, CLOCK_SKEW.toSeconds() + "s");
        try {
            app = ExampleApp.start(0);
        } finally {
            System.clearProperty(ConfigKeys.TOKEN_LIFETIME);
            System.clearProperty(ConfigKeys.TOKEN_REFRESH_WINDOW);
            System.clearProperty(ConfigKeys.CLOCK_SKEW);
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1100, 720));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop();
        }
    }

    private static void open(String path) {
        browser.get(app.url() + path);
    }

    /** Clicks something that submits a form or follows a link, and waits for the next page. */
    private static void clickAndWait(WebElement element) {
        WebElement page = browser.findElement(By.tagName("html"));
        element.click();
        // the old page is gone once asking about its root fails: Chromium says so either as a stale
        // element or, while the next document replaces it, as "node does not belong to the document"
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(
                d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private static void signIn(String user, String password) {
        open("/sign-in");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndWait(browser.findElement(By.id("sign-in")));
    }

    private static String currentUser() {
        List<WebElement> found = browser.findElements(By.id("current-user"));
        return found.isEmpty() ? null : found.get(0).getAttribute("data-user");
    }

    private static void openSwitcher() {
        WebElement details = browser.findElement(By.id("switcher"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
    }

    private static WebElement accountRow(String user) {
        return browser.findElement(By.cssSelector(".account[data-user='" + user + "']"));
    }

    @Test
    @Order(1)
    void signingInTwiceAddsASecondAccount() {
        signIn("alice", "alice123");
        assertEquals("alice", currentUser());
        signIn("bob", "bob123");
        assertEquals("bob", currentUser(), "the newest account is active");
        openSwitcher();
        assertEquals(2, browser.findElements(By.cssSelector(".account")).size());
        assertTrue(accountRow("bob").getAttribute("class").contains("active"));
    }

    @Test
    @Order(2)
    void switcherScreenshotIsTakenForTheReadme() throws Exception {
        open("/");
        openSwitcher();
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of(System.getProperty("screenshot.dir", "target"));
        Files.createDirectories(dir);
        Path target = dir.resolve("switcher.png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(target) > 10_000, "a real screenshot");
    }

    @Test
    @Order(3)
    void theSwitcherMakesAnotherAccountActive() {
        open("/");
        openSwitcher();
        clickAndWait(accountRow("alice").findElement(By.cssSelector("button.switch")));
        assertEquals("alice", currentUser());
        open("/account");
        assertTrue(browser.getPageSource().contains("alice@acme.example"));
    }

    @Test
    @Order(4)
    void twoTabsKeepTheirOwnAccountsAcrossReloads() {
        String first = browser.getWindowHandle();
        open("/?authuser=0");
        assertEquals("alice", currentUser());
        browser.switchTo().newWindow(WindowType.TAB);
        String second = browser.getWindowHandle();
        open("/?authuser=1");
        assertEquals("bob", currentUser());
        for (int i = 0; i < 3; i++) {
            browser.switchTo().window(first);
            browser.navigate().refresh();
            assertEquals("alice", currentUser());
            browser.switchTo().window(second);
            browser.navigate().refresh();
            assertEquals("bob", currentUser());
        }
        clickAndWait(browser.findElement(By.linkText("Account")));
        assertTrue(browser.getCurrentUrl().contains("authuser=1"), "links keep the tab on its account");
        assertTrue(browser.getPageSource().contains("bob@acme.example"));
        browser.close();
        browser.switchTo().window(first);
    }

    @Test
    @Order(5)
    void switchingOrganizationOpensAndClosesTheRoleGatedPage() {
        open("/?authuser=0");
        open("/admin?authuser=0");
        assertFalse(browser.getPageSource().contains("Admin console"), "personal account: no admin role");
        open("/?authuser=0");
        openSwitcher();
        new Select(browser.findElement(By.id("organization"))).selectByValue("acme");
        clickAndWait(browser.findElement(By.id("switch-organization")));
        assertEquals("Acme Inc. · org:admin", browser.findElement(By.id("current-org")).getText(),
                "the organization's name, not its slug");
        openSwitcher();
        assertEquals("Acme Inc. · org:admin", accountRow("alice").findElement(By.cssSelector(".org")).getText());
        open("/admin?authuser=0");
        assertTrue(browser.getPageSource().contains("Admin console"), "admin of Acme");
        open("/?authuser=0");
        openSwitcher();
        new Select(browser.findElement(By.id("organization"))).selectByValue("globex");
        clickAndWait(browser.findElement(By.id("switch-organization")));
        open("/admin?authuser=0");
        assertFalse(browser.getPageSource().contains("Admin console"), "only a member of Globex");
    }

    @Test
    @Order(6)
    void switchingOrganizationInATabPinnedToTheOtherAccountStaysOnThatAccount() {
        open("/?authuser=1");                       // alice is last-active; this tab is bob's
        assertEquals("bob", currentUser());
        openSwitcher();
        new Select(browser.findElement(By.id("organization"))).selectByValue("acme");
        clickAndWait(browser.findElement(By.id("switch-organization")));
        assertEquals("bob", currentUser(), "the page after the switch is still bob's, not the last-active alice's");
        assertTrue(browser.getCurrentUrl().contains("authuser=1"), browser.getCurrentUrl());
        assertTrue(browser.getPageSource().contains("Acme"), "bob now acts for Acme");
    }

    @Test
    @Order(7)
    void signingOutOfOneAccountKeepsTheOtherThenSignOutOfAll() {
        open("/");
        openSwitcher();
        clickAndWait(accountRow("bob").findElement(By.cssSelector("button.signout-one")));
        open("/");
        assertEquals("alice", currentUser());
        openSwitcher();
        assertEquals(1, browser.findElements(By.cssSelector(".account")).size());
        clickAndWait(browser.findElement(By.cssSelector("button.signout-all")));
        open("/");
        assertEquals(null, currentUser());
        assertTrue(browser.getPageSource().contains("You are signed out"));
    }

    @Test
    @Order(8)
    void anAccountRevokedOnTheServerLeavesTheSwitcherAfterItsTokenExpired() throws Exception {
        signIn("alice", "alice123");
        signIn("bob", "bob123");
        MultiSession engine = app.engine();
        SessionStore store = engine.store().orElseThrow();
        Session bob = store.listByUser("bob").stream().filter(s -> s.status() == SessionStatus.ACTIVE).findFirst().orElseThrow();
        store.revoke(bob.id(), bob.clientId(), SessionStatus.REVOKED, Instant.now()); // an administrator, elsewhere

        // the browser asks nothing until bob's token expired and the node stopped remembering the revocation
        Thread.sleep(TOKEN_LIFETIME.plus(CLOCK_SKEW.multipliedBy(2)).plusSeconds(1).toMillis());
        open("/?authuser=0");

        assertEquals("alice", currentUser());
        openSwitcher();
        assertEquals(List.of("alice"), browser.findElements(By.cssSelector(".account")).stream()
                .map(e -> e.getAttribute("data-user")).toList());
    }

    @Test
    @Order(9)
    void aNarrowWindowNeverScrollsSideways() {
        Dimension before = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(360, 740));
            for (String path : List.of("/sign-in", "/", "/how-it-works", "/account/", "/team/", "/invoices/")) {
                open(path);
                if (path.equals("/")) {
                    openSwitcher();
                }
                Object sideways = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertEquals(0L, ((Number) sideways).longValue(), "horizontal overflow on " + path);
            }
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    @Test
    @Order(10)
    void aPageTheAccountMayNotOpenShowsAPageWithTheAccountSwitcher() {
        open("/?authuser=0");
        assertEquals("alice", currentUser());
        open("/admin/?authuser=0"); // alice's personal account holds no role

        assertEquals("This account cannot open this page", browser.findElement(By.id("forbidden")).getText());
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("/admin/"));
        openSwitcher();
        assertEquals(1, browser.findElements(By.cssSelector(".account[data-user='alice']")).size());
    }

    @Test
    @Order(11)
    void aTabAskingForAnAccountNotSignedInHereIsOfferedTheAccountsThatAre() {
        open("/account?authuser=4");

        assertEquals("Choose an account", browser.findElement(By.id("chooser")).getText());
        clickAndWait(browser.findElement(By.cssSelector("a.choice[data-user='alice']")));

        assertTrue(browser.getCurrentUrl().endsWith("/account?authuser=0"), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Your account"));
    }

    @Test
    @Order(12)
    void aSignInThatMustChooseAnOrganizationOpensTheAppOnlyAfterTheChoice() {
        signIn("dave", "dave123");
        signIn("erin", "erin123");
        assertTrue(browser.getCurrentUrl().contains("/sign-in/tasks/choose-organization"), "sent to the task: " + browser.getCurrentUrl());
        assertEquals("Choose an organization", browser.findElement(By.id("task")).getText());

        open("/account");
        assertTrue(browser.getCurrentUrl().contains("/sign-in/tasks/choose-organization?"), "the app stays closed: " + browser.getCurrentUrl());
        assertTrue(browser.getCurrentUrl().contains("redirect_url="), browser.getCurrentUrl());

        open("/");
        openSwitcher();
        String daveIndex = accountRow("dave").getAttribute("data-index");
        assertEquals(1, accountRow("erin").findElements(By.cssSelector(".badge.pending")).size(),
                "the switcher shows erin's account as 'finish setting up'");
        open("/?authuser=" + daveIndex);
        assertEquals("dave", currentUser(), "the pending account never blocks the other account");

        open("/account");                              // last-active erin: to her task, then back to /account
        new Select(browser.findElement(By.id("task-organization"))).selectByValue("globex");
        clickAndWait(browser.findElement(By.id("choose")));
        assertTrue(browser.getCurrentUrl().endsWith("/account"), "on to where she was going: " + browser.getCurrentUrl());
        assertTrue(browser.getPageSource().contains("erin@acme.example"), "the app is open to erin");
        open("/");
        assertEquals("erin", currentUser());
        String org = browser.findElement(By.id("current-org")).getText();
        assertTrue(org.toLowerCase(java.util.Locale.ROOT).contains("globex") && org.contains("org:admin"),
                "she acts for the organization she chose: " + org);
    }
}

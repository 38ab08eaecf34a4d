package dev.legends.server.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, through Debian's chromedriver: both named by path so that Selenium
 * never looks for (or downloads) a browser of its own. Screenshots go to target/screenshots.
 */
final class Chromium implements AutoCloseable {
    private static final Path SHOTS = Path.of("target/screenshots");

    final WebDriver driver;
    final WebDriverWait wait;
    private final String base;

    Chromium(String base, Path profile) throws IOException {
        for (String exe : new String[] {"/usr/bin/chromium", "/usr/bin/chromedriver"}) {
            if (!Files.isExecutable(Path.of(exe))) {
                throw new IllegalStateException(exe + " is missing: scripts/bootstrap --test installs chromium and chromium-driver");
            }
        }
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--user-data-dir=" + Files.createDirectories(profile));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        warmUp();
    }

    /**
     * A fresh profile's first page can take long on a busy 2-core machine (fonts, caches): load the
     * login page once, patiently, and again if it did not draw, before any test counts time.
     */
    private void warmUp() throws IOException {
        for (int attempt = 1; ; attempt++) {
            driver.get(base + "/");
            try {
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                shot("warm-up-" + attempt);
                if (attempt == 3) {
                    throw new IllegalStateException("the dashboard's login page did not draw in 3 tries: " + driver.getPageSource(), e);
                }
            }
        }
    }

    /** Types the token on the login page and waits for the navigation to appear. */
    void logIn(String token) {
        driver.get(base + "/");
        WebElement field = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    }

    /** Goes to #/hash and waits until its page has drawn. */
    void open(String hash) {
        driver.get(base + "/#/" + hash);
        waitForPage(hash.split("/")[0]);
    }

    void waitForPage(String page) {
        wait.until(d -> {
            WebElement view = d.findElement(By.id("view"));
            return page.equals(view.getAttribute("data-page")) && "true".equals(view.getAttribute("data-ready"));
        });
    }

    void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}

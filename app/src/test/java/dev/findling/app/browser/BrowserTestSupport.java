package dev.findling.app.browser;

import dev.findling.app.TestData;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Browser tests against the real server (random port, temporary data dir, generated reference pack) in the
 * system's headless Chromium, driven through the system's chromedriver — never a downloaded browser or driver.
 * One browser per test class at 1366×768; every step can save a screenshot under
 * {@code <build dir>/browser-screenshots/<class>/} so a person can see what the test saw. Skipped, with what to
 * install, when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing ({@link ChromiumAvailable}).
 */
@ExtendWith(ChromiumAvailable.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrowserTestSupport {
    static final Path CHROMIUM = Path.of(System.getProperty("findling.browser.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("findling.browser.chromedriver", "/usr/bin/chromedriver"));
    static final int WINDOW_WIDTH = 1366;
    static final int WINDOW_HEIGHT = 768;
    /** Generous for a 2-core CI machine that encodes images on the CPU; a passing step takes well under a second. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final List<Logger> QUIET_LOGGERS = List.of(Logger.getLogger("org.openqa.selenium.devtools"),
            Logger.getLogger("org.openqa.selenium.chromium"));

    static WebDriver browser;
    static Path downloads;
    private static Path profile;

    @LocalServerPort
    int port;

    private String screenshotPrefix;
    private int step;

    /**
     * The browser tests' own data dir (the photo library holds a write lock on its index, so no two servers may share
     * one), with the reference pack generated once per JVM in the shared test data dir.
     */
    private static final Path DATA = TestData.newTempDir("findling-browser-data-");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("findling.data-dir", DATA::toString);
        registry.add("findling.pack-dir",
                () -> TestData.dataDir().resolve("packs").resolve("findling-reference-v1").toString());
    }

    @BeforeAll
    static void startBrowser() {
        // Selenium looks for a CDP binding matching Chromium's version at start and warns when there is none; these
        // tests speak WebDriver (plus chromedriver's own CDP passthrough for screenshots), so that is noise.
        QUIET_LOGGERS.forEach(l -> l.setLevel(Level.SEVERE));
        profile = TestData.newTempDir("findling-chromium-profile-");
        downloads = TestData.newTempDir("findling-chromium-downloads-");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags this machine needs: no sandbox as root, and no background connections to a network that is closed.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=" + WINDOW_WIDTH + "," + WINDOW_HEIGHT);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("safebrowsing.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        // An explicit driver executable: Selenium Manager never runs, so nothing is downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @BeforeEach
    void nameScreenshots(TestInfo test) {
        screenshotPrefix = test.getTestClass().map(Class::getSimpleName).orElse("browser") + "/"
                + test.getTestMethod().map(m -> m.getName()).orElse("test");
        step = 0;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String path) {
        browser.get(url(path));
    }

    WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return browser.findElements(By.cssSelector(css));
    }

    <T> T await(ExpectedCondition<T> condition) {
        // Pages that reload themselves (job progress) replace elements under the condition's feet: look again.
        return new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement awaitVisible(String css) {
        return await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    /** Waits until the image has loaded and returns its natural size {width, height} (0×0 means it failed to load). */
    int[] loadedImageSize(WebElement img) {
        await(d -> Boolean.TRUE.equals(script("return arguments[0].complete;", img)));
        long w = (Long) script("return arguments[0].naturalWidth;", img);
        long h = (Long) script("return arguments[0].naturalHeight;", img);
        return new int[]{(int) w, (int) h};
    }

    /** Sets files on an {@code <input type=file>} the way a user picking them would. */
    void chooseFiles(WebElement input, Path... files) {
        StringBuilder paths = new StringBuilder();
        for (Path f : files) {
            paths.append(paths.length() == 0 ? "" : "\n").append(f.toAbsolutePath());
        }
        input.sendKeys(paths.toString());
    }

    /**
     * Saves what the browser shows now as {@code NN-name.png}: the whole page (through Chromium's own screenshot
     * command, so content below the fold is in it), or the viewport when that command is unavailable.
     */
    Path screenshot(String name) {
        Path file = screenshotDir().resolve(screenshotPrefix + "-" + String.format("%02d", ++step) + "-" + name + ".png");
        try {
            Files.createDirectories(file.getParent());
            byte[] png;
            try {
                Map<String, Object> result = ((ChromeDriver) browser).executeCdpCommand("Page.captureScreenshot",
                        Map.of("format", "png", "captureBeyondViewport", true, "clip", fullPageClip()));
                png = Base64.getDecoder().decode((String) result.get("data"));
            } catch (RuntimeException cdpUnavailable) {
                png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
            }
            Files.write(file, png);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> fullPageClip() {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) script("var e = document.documentElement;"
                + "return {w: Math.max(e.scrollWidth, window.innerWidth), h: Math.min(Math.max(e.scrollHeight, window.innerHeight), 4000)};");
        return Map.of("x", 0, "y", 0, "width", ((Number) size.get("w")).doubleValue(),
                "height", ((Number) size.get("h")).doubleValue(), "scale", 1);
    }

    /** {@code <build dir>/browser-screenshots}: beside test-classes, so each build suffix keeps its own. */
    static Path screenshotDir() {
        try {
            Path testClasses = Path.of(BrowserTestSupport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent().resolve("browser-screenshots");
        } catch (Exception e) {
            return Path.of("target", "browser-screenshots");
        }
    }

    /** Writes an image as a PNG file with ImageIO, as a user's photo on disk. */
    static Path writePng(Path dir, String name, RgbImage image) {
        return writePng(dir, name, image.toBufferedImage());
    }

    /** Writes a mask as a 0/255 grayscale PNG file. */
    static Path writeMaskPng(Path dir, String name, BinaryMask mask) {
        BufferedImage gray = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                gray.getRaster().setSample(x, y, 0, mask.get(x, y) ? 255 : 0);
            }
        }
        return writePng(dir, name, gray);
    }

    private static Path writePng(Path dir, String name, BufferedImage image) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

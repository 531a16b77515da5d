package dev.findling.app.browser;

import dev.findling.app.TestData;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dataset cleaning in a browser: submit a small set from {@code /cleaning}, watch the live progress bar go from
 * queued to completed, then click the zip download and check what Chromium saved.
 */
class CleaningBrowserTest extends BrowserTestSupport {
    private static final int W = 240;
    private static final int H = 180;

    @Autowired
    JobRegistry jobs;

    @Test
    void aCleaningRunShowsProgressThenItsResultAndTheZipDownloads() throws Exception {
        Path dir = TestData.newTempDir("findling-browser-cleaning-");
        SyntheticScenes.Scene reference = SyntheticScenes.standardScene(W, H, 1);
        Path referencePng = writePng(dir, "reference.png", reference.image());
        Path maskPng = writeMaskPng(dir, "reference-mask.png", reference.disc());
        Path set = Files.createDirectories(dir.resolve("set"));
        Path subject = writePng(set, "a-subject.png",
                SyntheticScenes.render(SyntheticScenes.standard(W, H, 2).withDisc(80, 90, 36)).image());
        Path absent = writePng(set, "b-absent.png",
                SyntheticScenes.render(SyntheticScenes.standard(W, H, 4).withoutDisc()).image());

        open("/cleaning");
        assertThat(find("h1").getText()).isEqualTo("Dataset cleaning");
        chooseFiles(find("#clean-reference"), referencePng);
        chooseFiles(find("#clean-mask"), maskPng);
        find("#clean-name").sendKeys("red disc");
        chooseFiles(find("#clean-images"), subject, absent);
        screenshot("form-filled");

        // One job runs at a time: while a blocker holds the worker, the run waits in the queue, so the page shows
        // its progress bar before anything happens and the whole way to the end can be watched.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocking = new CountDownLatch(1);
        jobs.submit("test", "browser-test blocker", ctx -> {
            blocking.countDown();
            release.await(60, TimeUnit.SECONDS);
            return null;
        });
        try {
            assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
            find(".clean-actions button[type=submit]").click();
            await(d -> d.getCurrentUrl().matches(".*/cleaning/[^/]+$"));
            WebElement bar = awaitVisible(".job-progress [role=progressbar]");
            assertThat(bar.getAttribute("aria-valuenow")).isEqualTo("0");
            assertThat(find(".job-progress__state").getText()).isEqualTo("queued");
            assertThat(find(".job-progress__cancel").isDisplayed()).isTrue();
            // The page reloads itself when the job ends; keep what the bar showed in sessionStorage, which survives it.
            script("""
                    var bar = document.querySelector('.job-progress [role=progressbar]');
                    var log = [];
                    function keep() {
                      log.push({now: bar.getAttribute('aria-valuenow'), text: bar.getAttribute('aria-valuetext'),
                                width: bar.querySelector('.job-progress__fill').style.width});
                      sessionStorage.setItem('findling-progress', JSON.stringify(log));
                    }
                    new MutationObserver(keep).observe(bar, {attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuetext']});
                    document.addEventListener('findling:job-ended', function (e) {
                      sessionStorage.setItem('findling-ended', e.detail.state);
                    });
                    """);
            screenshot("queued");
        } finally {
            release.countDown();
        }

        WebElement result = awaitVisible(".clean-result");
        assertThat(browser.findElements(By.cssSelector(".job-progress"))).as("progress bar gone after the end").isEmpty();
        assertThat(script("return sessionStorage.getItem('findling-ended');")).isEqualTo("completed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> log = (List<Map<String, Object>>) script(
                "return JSON.parse(sessionStorage.getItem('findling-progress') || '[]');");
        assertThat(log).as("what the progress bar showed").isNotEmpty();
        Map<String, Object> last = log.get(log.size() - 1);
        assertThat(last.get("now")).isEqualTo("100");
        assertThat(last.get("width")).isEqualTo("100%");
        assertThat((String) last.get("text")).startsWith("completed").contains("2 of 2");

        assertThat(result.findElement(By.cssSelector(".clean-summary")).getText()).isEqualTo("1 kept, 1 rejected of 2 images");
        List<WebElement> rows = result.findElements(By.cssSelector(".clean-table tbody tr"));
        assertThat(rows).extracting(r -> r.findElement(By.tagName("th")).getText()).containsExactly("a-subject.png", "b-absent.png");
        assertThat(rows.get(0).getText()).contains("kept");
        assertThat(rows.get(1).getText()).contains("rejected: absent");
        WebElement thumb = rows.get(0).findElement(By.cssSelector("img.clean-thumb"));
        script("arguments[0].scrollIntoView({block: 'center'});", thumb);
        assertThat(loadedImageSize(thumb)[0]).as("kept image's thumbnail width").isPositive();
        screenshot("completed");

        WebElement download = result.findElement(By.partialLinkText("Download the cleaned set"));
        String href = download.getAttribute("href");
        download.click();
        Path zip = await(d -> downloadedZip().orElse(null));
        List<String> entries = zipEntries(Files.readAllBytes(zip));
        assertThat(entries).contains("manifest.json", "manifest.csv", "images/a-subject.png", "masks/a-subject.png",
                "cutouts/a-subject.png", "crops/a-subject.png");
        assertThat(entries).noneMatch(e -> e.contains("b-absent"));
        // The link Chromium followed is the same file the server hands any client.
        HttpResponse<byte[]> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(zipEntries(direct.body())).containsExactlyElementsOf(entries);
    }

    /** The finished zip in the download folder (Chromium writes {@code .crdownload} until it is complete). */
    private static Optional<Path> downloadedZip() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zip")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}

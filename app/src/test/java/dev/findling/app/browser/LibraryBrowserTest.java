package dev.findling.app.browser;

import dev.findling.app.TestData;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library in a browser: add a folder from {@code /library}, index it and watch the run finish, search it by text,
 * then open a concept's matches gallery and see the photos that show it with their mask overlays.
 */
class LibraryBrowserTest extends BrowserTestSupport {
    private static final int W = 240;
    private static final int H = 180;

    @Test
    void anIndexedFolderShowsTheConceptsMatchesWithOverlays() throws Exception {
        Path dir = TestData.newTempDir("findling-browser-library-");
        SyntheticScenes.Scene reference = SyntheticScenes.standardScene(W, H, 7);
        Path referencePng = writePng(dir, "reference.png", reference.image());
        Path maskPng = writeMaskPng(dir, "reference-mask.png", reference.disc());
        Path album = Files.createDirectories(dir.resolve("album"));
        writePng(album, "disc-1.png", SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 21)).image());
        writePng(album, "disc-2.png", SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 22)).image());
        writePng(album, "square-1.png", SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 33).withoutDisc()).image());
        writePng(album, "square-2.png", SyntheticScenes.render(SyntheticScenes.randomPlacement(W, H, 34).withoutDisc()).image());

        // The concept, made the way a user makes it.
        open("/concepts/new");
        find("#upload-name").sendKeys("Library disc");
        chooseFiles(find("#upload-image"), referencePng);
        chooseFiles(find("#upload-mask"), maskPng);
        find("#upload-form button[type=submit]").click();
        await(d -> d.getCurrentUrl().matches(".*/concepts/[^/]+$") && !d.getCurrentUrl().endsWith("/new"));
        String conceptPage = browser.getCurrentUrl();

        // Add the folder and index it.
        open("/library");
        assertThat(find("h1").getText()).isEqualTo("Library");
        find("#library-path").sendKeys(album.toString());
        find(".add-root button[type=submit]").click();
        WebElement added = awaitVisible("main .notice[role=status]");
        assertThat(added.getText()).startsWith("Added the root ");
        String rootId = added.findElement(By.tagName("strong")).getText();
        WebElement row = rootRow(rootId).orElseThrow(() -> new AssertionError("root " + rootId + " is not listed"));
        assertThat(row.findElement(By.cssSelector("code.path")).getText()).isEqualTo(album.toString());
        assertThat(row.getText()).contains("never");
        screenshot("root-added");

        row.findElement(By.cssSelector("button[aria-label='Index new and changed photos of " + rootId + "']")).click();
        // The page shows the run's progress bar while it lasts and reloads itself at the end.
        await(d -> rootRow(rootId).map(r -> r.findElements(By.tagName("td")).get(2).getText().startsWith("completed"))
                .orElse(false));
        row = rootRow(rootId).orElseThrow();
        List<WebElement> cells = row.findElements(By.tagName("td"));
        assertThat(cells.get(0).getText()).as("photos").isEqualTo("4");
        assertThat(cells.get(2).getText()).contains("4 indexed", "0 skipped");
        assertThat(find("#roots-heading").getText()).contains("4 photos indexed");
        screenshot("indexed");

        // Text search over the same index.
        WebElement q = find("#search-q");
        q.sendKeys("red");
        find(".library-search button[type=submit]").click();
        List<WebElement> hits = await(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(".thumb-grid .thumb"));
            return found.isEmpty() ? null : found;
        });
        assertThat(hits).hasSize(4);
        assertThat(hits.get(0).findElement(By.cssSelector(".thumb__caption")).getText()).startsWith("disc-");
        for (WebElement hit : hits) {
            WebElement img = hit.findElement(By.tagName("img"));
            script("arguments[0].scrollIntoView({block: 'center'});", img);
            assertThat(loadedImageSize(img)[0]).as("thumbnail of " + img.getAttribute("alt")).isPositive();
        }
        screenshot("text-search");

        // The concept's matches gallery.
        browser.get(conceptPage);
        find(".library-link a").click();
        await(d -> d.getCurrentUrl().endsWith("/matches"));
        assertThat(find("h1").getText()).isEqualTo("“Library disc” in the library");
        assertThat(find("main p[role=status] strong").getText()).isEqualTo("2 photos show it");
        List<WebElement> matches = findAll(".match-grid .match");
        assertThat(matches).extracting(m -> m.findElement(By.cssSelector(".match__path")).getText())
                .containsExactlyInAnyOrder("disc-1.png", "disc-2.png");
        for (WebElement match : matches) {
            WebElement overlay = match.findElement(By.tagName("img"));
            script("arguments[0].scrollIntoView({block: 'center'});", overlay);
            assertThat(loadedImageSize(overlay)).as("overlay natural size").containsExactly(W, H);
            assertThat(overlay.getAttribute("alt")).contains("with Library disc outlined in orange, score ");
            assertThat(match.findElement(By.cssSelector("a[download]")).getText()).isEqualTo("mask");
        }
        script("window.scrollTo(0, 0);");
        screenshot("matches");
    }

    private Optional<WebElement> rootRow(String rootId) {
        return findAll(".roots-table tbody tr").stream()
                .filter(r -> !r.findElements(By.cssSelector("th strong")).isEmpty()
                        && r.findElement(By.cssSelector("th strong")).getText().equals(rootId))
                .findFirst();
    }
}

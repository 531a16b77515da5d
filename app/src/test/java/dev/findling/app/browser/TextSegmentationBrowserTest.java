package dev.findling.app.browser;

import dev.findling.app.TestData;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /segment} in a browser: upload an image, name two classes, see the overlay and the legend. */
class TextSegmentationBrowserTest extends BrowserTestSupport {

    @Test
    void redAndBlueAreFoundAndTheOverlayLoads() {
        SyntheticScenes.Scene scene = SyntheticScenes.standardScene(320, 240, 5);
        Path image = writePng(TestData.newTempDir("findling-browser-segment-"), "disc-and-square.png", scene.image());

        open("/segment");
        assertThat(find("h1").getText()).isEqualTo("Text segmentation");
        assertThat(find("nav a[aria-current=page]").getText()).isEqualTo("Text segmentation");
        chooseFiles(find("#seg-image"), image);
        WebElement classes = find("#seg-classes");
        classes.clear();
        classes.sendKeys("red, blue");
        screenshot("form-filled");

        find(".seg-submit").click();
        WebElement overlay = awaitVisible(".seg-result .seg-figure img");
        assertThat(loadedImageSize(overlay)).as("overlay natural size").containsExactly(320, 240);
        assertThat(overlay.getAttribute("alt")).isNotBlank();
        assertThat(find("#seg-result-heading").getText()).contains("320×240");
        assertThat(find(".seg-result .pack__label").getText()).contains("reference (classical, not learned)");

        for (String name : List.of("red", "blue")) {
            WebElement row = legendRow(name).orElseThrow(() -> new AssertionError("no legend row for " + name));
            assertThat(row.getAttribute("class")).contains("seg-found");
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(1).getText()).as("found column of " + name).isEqualTo("found");
            assertThat(row.findElement(By.cssSelector("a.seg-mask-link")).getAttribute("href")).contains("/api/segment/");
            assertThat(Double.parseDouble(cells.get(3).getText().replace(" %", ""))).as("area of " + name).isPositive();
        }
        screenshot("result");
    }

    private Optional<WebElement> legendRow(String name) {
        return findAll(".seg-legend tbody tr").stream()
                .filter(r -> r.findElement(By.cssSelector("th span")).getText().equals(name))
                .findFirst();
    }
}

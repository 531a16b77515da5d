package dev.findling.app.browser;

import dev.findling.app.TestData;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concepts in a browser: create one by uploading an image and its mask, see it listed with its thumbnail, then test
 * it on another image and see the mask overlay, the score and "found" — and "not found" where the object is absent.
 */
class ConceptBrowserTest extends BrowserTestSupport {

    @Test
    void uploadedConceptIsListedAndFoundInATestImage() {
        Path dir = TestData.newTempDir("findling-browser-concept-");
        SyntheticScenes.Scene reference = SyntheticScenes.standardScene(320, 240, 7);
        Path image = writePng(dir, "reference.png", reference.image());
        Path mask = writeMaskPng(dir, "reference-mask.png", reference.disc());
        SyntheticScenes.Scene elsewhere = SyntheticScenes.render(SyntheticScenes.randomPlacement(300, 220, 21));
        Path withDisc = writePng(dir, "with-disc.png", elsewhere.image());
        Path withoutDisc = writePng(dir, "without-disc.png",
                SyntheticScenes.render(SyntheticScenes.randomPlacement(280, 200, 33).withoutDisc()).image());

        open("/concepts/new");
        assertThat(find("h1").getText()).isEqualTo("New concept");
        find("#upload-name").sendKeys("Red disc (browser)");
        chooseFiles(find("#upload-image"), image);
        chooseFiles(find("#upload-mask"), mask);
        screenshot("upload-form");
        find("#upload-form button[type=submit]").click();

        // Post/redirect/get lands on the concept's page.
        await(d -> d.getCurrentUrl().matches(".*/concepts/[^/]+$") && !d.getCurrentUrl().endsWith("/new"));
        String conceptPage = browser.getCurrentUrl();
        assertThat(find("h1").getText()).isEqualTo("Red disc (browser)");
        // The reference is shown as the stored thumbnail (longest side 256), the mask at full size.
        assertThat(loadedImageSize(find(".reference img[alt^='Reference image of']"))).containsExactly(256, 192);
        assertThat(loadedImageSize(find(".reference img.mask-image"))).containsExactly(320, 240);
        assertThat(find(".reference__facts").getText()).contains("PerSAM (training-free)", "320×240");

        open("/concepts");
        WebElement card = findAll(".concept-card").stream()
                .filter(c -> c.findElement(By.cssSelector(".concept-card__name")).getText().equals("Red disc (browser)"))
                .findFirst().orElseThrow(() -> new AssertionError("the new concept is not listed"));
        WebElement thumbnail = card.findElement(By.cssSelector(".concept-card__image img"));
        script("arguments[0].scrollIntoView({block: 'center'});", thumbnail); // loading=lazy loads it when visible
        assertThat(loadedImageSize(thumbnail)).as("thumbnail natural size").containsExactly(256, 192);
        assertThat(thumbnail.getAttribute("alt")).isEqualTo("Reference image of Red disc (browser)");
        screenshot("listed");

        card.findElement(By.cssSelector(".concept-card__name a")).click();
        await(d -> d.getCurrentUrl().equals(conceptPage));
        chooseFiles(find("#test-images"), withDisc, withoutDisc);
        find("#test-form button[type=submit]").click();
        await(d -> find("#test-status").getText().startsWith("Found in"));
        assertThat(find("#test-status").getText()).isEqualTo("Found in 1 of 2 images.");

        WebElement found = resultFor("with-disc.png");
        assertThat(found.getAttribute("class")).contains("result--found");
        assertThat(found.findElement(By.cssSelector(".tag")).getText()).isEqualTo("found");
        assertThat(found.findElement(By.cssSelector(".result__body .muted")).getText())
                .matches("score \\d\\.\\d{3} \\(threshold \\d\\.\\d{2}\\) · 1 instance · \\d+ ms");
        WebElement overlay = found.findElement(By.tagName("img"));
        assertThat(loadedImageSize(overlay)).as("overlay natural size").containsExactly(300, 220);
        assertThat(overlay.getAttribute("alt")).isEqualTo("Red disc (browser) found in with-disc.png (mask overlaid in orange)");
        assertThat(found.findElements(By.cssSelector("a[download]"))).extracting(WebElement::getText)
                .containsExactly("mask (PNG)", "cut-out (PNG)");

        WebElement absent = resultFor("without-disc.png");
        assertThat(absent.findElement(By.cssSelector(".tag")).getText()).isEqualTo("not found");
        assertThat(loadedImageSize(absent.findElement(By.tagName("img")))).containsExactly(280, 200);
        script("arguments[0].scrollIntoView({block: 'start'});", find("#concept-test"));
        screenshot("test-results");
    }

    private WebElement resultFor(String fileName) {
        return findAll("#test-results .result").stream()
                .filter(r -> r.findElement(By.cssSelector(".result__title")).getText().endsWith(fileName))
                .findFirst().orElseThrow(() -> new AssertionError("no result for " + fileName));
    }
}

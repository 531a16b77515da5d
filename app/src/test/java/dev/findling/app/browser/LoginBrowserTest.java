package dev.findling.app.browser;

import dev.findling.app.TestData;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with an access token, in a browser: the create-concept page says a login is needed and SAM's
 * click-to-segment (an in-page API call) is refused with that reason; after logging in through the login page — a
 * wrong token first — the same click is answered, the form creates the concept, and logging out offers the login again.
 */
@TestPropertySource(properties = "findling.security.token=" + LoginBrowserTest.TOKEN)
class LoginBrowserTest extends BrowserTestSupport {
    static final String TOKEN = "browser-login-token-7f3a";

    @Test
    void loggingInLetsThePageCallTheApiAndPostItsForm() throws Exception {
        SyntheticScenes.Scene scene = SyntheticScenes.standardScene(320, 240, 13);
        Path image = writePng(TestData.newTempDir("findling-browser-login-"), "login-disc.png", scene.image());

        open("/concepts/new");
        assertThat(find(".site-nav").getText()).contains("Log in").doesNotContain("Log out");
        assertThat(find("#login-hint").getText()).contains("Changing anything on this server needs a login.");
        clickTheDisc(scene, image);
        await(d -> find("#mask-editor-status").getText().startsWith("SAM could not"));
        assertThat(find("#mask-editor-status").getText()).contains("/login");
        screenshot("refused-before-login");

        find(".site-nav__login a").click();
        await(d -> d.getCurrentUrl().contains("/login?next="));
        assertThat(find("h1").getText()).isEqualTo("Log in");
        WebElement field = find("#login-token");
        assertThat(field.getAttribute("type")).isEqualTo("password");
        assertThat(find("label[for=login-token]").getText()).isEqualTo("Access token");
        assertThat(browser.switchTo().activeElement()).as("the token field has focus").isEqualTo(field);
        field.sendKeys("not-the-token", Keys.ENTER);
        await(d -> !d.findElements(By.cssSelector("#login-error")).isEmpty());
        assertThat(find("#login-error").getAttribute("role")).isEqualTo("alert");
        assertThat(find("#login-error").getText()).contains("not this server’s access token");
        assertThat(find("#login-token").getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("wrong-token");

        find("#login-token").sendKeys(TOKEN);
        find(".login-form button[type=submit]").click();
        await(d -> d.getCurrentUrl().endsWith("/concepts/new"));
        assertThat(find(".site-nav").getText()).contains("Log out").doesNotContain("Log in");
        assertThat(findAll("#login-hint")).isEmpty();

        // The same in-page call now goes through: SAM outlines the disc.
        find("#upload-name").sendKeys("Disc after login");
        clickTheDisc(scene, image);
        await(d -> find("#mask-editor-status").getText().startsWith("SAM"));
        assertThat(find("#mask-editor-status").getText()).startsWith("SAM outlined");
        screenshot("outlined-after-login");

        // And the page's form posts with the login.
        find("#mask-editor-submit").click();
        await(d -> d.getCurrentUrl().matches(".*/concepts/[^/]+$") && !d.getCurrentUrl().endsWith("/new"));
        assertThat(find("h1").getText()).isEqualTo("Disc after login");
        String id = browser.getCurrentUrl().replaceAll(".*/concepts/", "");
        HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/api/concepts/" + id + "/mask.png"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.statusCode()).isEqualTo(200);
        BinaryMask mask = MaskImages.read(stored.body(), ImageLimits.DEFAULT);
        assertThat(mask.iou(scene.disc())).as("SAM's mask from one click vs the disc").isGreaterThan(0.85);

        // Logging out returns to the same page, which offers the login again.
        find(".site-nav__logout button").click();
        await(d -> !d.findElements(By.cssSelector(".site-nav__login a")).isEmpty());
        assertThat(browser.getCurrentUrl()).endsWith("/concepts/" + id);
        assertThat(find(".site-nav").getText()).contains("Log in").doesNotContain("Log out");
        screenshot("logged-out");
    }

    /** Chooses the image and places one object click on the disc with the keyboard (as MaskEditorBrowserTest does). */
    private void clickTheDisc(SyntheticScenes.Scene scene, Path image) {
        chooseFiles(find("#upload-image"), image);
        WebElement canvas = awaitVisible("#mask-editor-canvas");
        await(d -> Long.valueOf(320).equals(script("return arguments[0].width;", canvas)));
        canvas.sendKeys("o");
        int step = Math.round(320 / 50f);
        int dx = Math.round((scene.spec().discCx() - 160) / (float) step);
        int dy = Math.round((scene.spec().discCy() - 120) / (float) step);
        canvas.sendKeys(Keys.chord(repeat(dx < 0 ? Keys.ARROW_LEFT : Keys.ARROW_RIGHT, Math.abs(dx))),
                Keys.chord(repeat(dy < 0 ? Keys.ARROW_UP : Keys.ARROW_DOWN, Math.abs(dy))));
        canvas.sendKeys(Keys.ENTER);
    }

    private static CharSequence[] repeat(Keys key, int times) {
        CharSequence[] keys = new CharSequence[times];
        Arrays.fill(keys, key);
        return keys;
    }
}

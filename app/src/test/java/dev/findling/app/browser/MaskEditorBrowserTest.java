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
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference mask editor on the create-concept page: paint the object with the brush, erase a slip, let SAM add
 * a boxed object and undo it, then create the concept from the drawn mask and check the mask the server stored.
 */
class MaskEditorBrowserTest extends BrowserTestSupport {
    private static final Pattern DRAWN = Pattern.compile("Drawn mask: (\\d+) pixels");

    @Test
    void aMaskPaintedWithTheBrushCreatesTheConcept() throws Exception {
        SyntheticScenes.Scene scene = SyntheticScenes.standardScene(320, 240, 11);
        Path image = writePng(TestData.newTempDir("findling-browser-editor-"), "red-disc.png", scene.image());
        int cx = scene.spec().discCx();
        int cy = scene.spec().discCy();
        int r = scene.spec().discRadius();

        open("/concepts/new");
        WebElement editor = find("#mask-editor");
        assertThat(editor.findElement(By.cssSelector("h2")).getText()).isEqualTo("Or draw the mask");
        find("#upload-name").sendKeys("Painted disc");
        chooseFiles(find("#upload-image"), image);
        WebElement canvas = awaitVisible("#mask-editor-canvas");
        await(d -> Long.valueOf(320).equals(script("return arguments[0].width;", canvas)));
        assertThat(loadedImageSize(find("#mask-editor-image"))).containsExactly(320, 240);
        assertThat(find("#mask-editor-summary").getText()).isEqualTo("No mask drawn yet.");
        assertThat(find("#mask-editor-submit").isEnabled()).isFalse();

        // Brush size with the keyboard: "]" grows it while the drawing area has focus.
        canvas.sendKeys("]]]");
        int brush = Integer.parseInt(find("#mask-editor-size").getAttribute("value"));
        assertThat(find("#mask-editor-size-value").getText()).isEqualTo(brush + " px");
        assertThat(brush).isBetween(20, 40);

        // Paint the disc in horizontal strokes, each kept one brush radius inside the rim.
        int half = brush / 2;
        int rowStep = Math.max(4, half);
        for (int y = cy - r + half; y < cy + r - half + rowStep; y += rowStep) {
            y = Math.min(y, cy + r - half); // the last row hugs the bottom of the rim
            int chord = (int) Math.floor(Math.sqrt((double) r * r - (double) (y - cy) * (y - cy)));
            int x0 = cx - chord + half;
            int x1 = cx + chord - half;
            drag(canvas, x0, y, Math.max(x0, x1), y);
        }
        String afterDisc = find("#mask-editor-summary").getText();
        assertThat(afterDisc).startsWith("Drawn mask: ");
        screenshot("disc-painted");

        // A slip onto the background, then the eraser takes it back.
        drag(canvas, 40, 210, 120, 210);
        assertThat(drawnArea()).isGreaterThan(area(afterDisc));
        find("input[name=mask-editor-tool][value=eraser]").click();
        canvas.sendKeys("]]");
        assertThat(Integer.parseInt(find("#mask-editor-size").getAttribute("value"))).isGreaterThan(brush + 10);
        drag(canvas, 30, 210, 130, 210);
        assertThat(drawnArea()).isEqualTo(area(afterDisc));

        // SAM from a box around the blue square adds it; Undo removes it again.
        canvas.sendKeys("x");
        assertThat(find("input[name=mask-editor-tool][value=box]").isSelected()).isTrue();
        int sx = scene.spec().squareX();
        int sy = scene.spec().squareY();
        int side = scene.spec().squareSide();
        drag(canvas, sx - 4, sy - 4, sx + side + 4, sy + side + 4);
        await(d -> find("#mask-editor-status").getText().startsWith("SAM outlined")
                || find("#mask-editor-status").getText().startsWith("SAM could not"));
        assertThat(find("#mask-editor-status").getText()).startsWith("SAM outlined");
        assertThat(drawnArea()).isGreaterThan(area(afterDisc) + (long) side * side / 2);
        screenshot("box-added");
        find("#mask-editor-undo").click();
        assertThat(drawnArea()).isEqualTo(area(afterDisc));

        // The form's mask input now holds the drawn mask as a PNG file.
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) script("var f = document.getElementById('upload-mask').files[0];"
                + "return f ? {name: f.name, type: f.type, size: f.size} : null;");
        assertThat(file).containsEntry("name", "red-disc-mask.png").containsEntry("type", "image/png");
        screenshot("ready");

        find("#mask-editor-submit").click();
        await(d -> d.getCurrentUrl().matches(".*/concepts/[^/]+$") && !d.getCurrentUrl().endsWith("/new"));
        assertThat(find("h1").getText()).isEqualTo("Painted disc");
        String id = browser.getCurrentUrl().replaceAll(".*/concepts/", "");
        HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/api/concepts/" + id + "/mask.png"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.statusCode()).isEqualTo(200);
        BinaryMask mask = MaskImages.read(stored.body(), ImageLimits.DEFAULT);
        assertThat(mask.width()).isEqualTo(320);
        assertThat(mask.height()).isEqualTo(240);
        assertThat(mask.iou(scene.disc())).as("painted mask vs the disc").isGreaterThan(0.8);
        assertThat(mask.intersectionArea(scene.square())).as("nothing of the square").isZero();
        screenshot("created");
    }

    @Test
    void withTheKeyboardOnlyAnObjectClickLetsSamOutlineTheDisc() throws Exception {
        SyntheticScenes.Scene scene = SyntheticScenes.standardScene(320, 240, 12);
        Path image = writePng(TestData.newTempDir("findling-browser-editor-keys-"), "keyboard-disc.png", scene.image());
        open("/concepts/new");
        find("#upload-name").sendKeys("Keyboard disc");
        chooseFiles(find("#upload-image"), image);
        WebElement canvas = awaitVisible("#mask-editor-canvas");
        await(d -> Long.valueOf(320).equals(script("return arguments[0].width;", canvas)));

        // "o" picks the object click; the cursor starts in the middle and moves 2 % of the long side per arrow key.
        canvas.sendKeys("o");
        assertThat(find("input[name=mask-editor-tool][value=positive]").isSelected()).isTrue();
        assertThat(find("#mask-editor-status").getText()).isEqualTo("Object click (SAM) selected.");
        int step = Math.round(320 / 50f);
        int dx = Math.round((scene.spec().discCx() - 160) / (float) step);
        int dy = Math.round((scene.spec().discCy() - 120) / (float) step);
        canvas.sendKeys(Keys.chord(repeat(dx < 0 ? Keys.ARROW_LEFT : Keys.ARROW_RIGHT, Math.abs(dx))),
                Keys.chord(repeat(dy < 0 ? Keys.ARROW_UP : Keys.ARROW_DOWN, Math.abs(dy))));
        canvas.sendKeys(Keys.ENTER);
        await(d -> find("#mask-editor-status").getText().startsWith("SAM"));
        assertThat(find("#mask-editor-status").getText()).startsWith("SAM outlined");
        screenshot("keyboard-click");

        // The editor's own submit button belongs to the upload form (form attribute): Enter on it submits that form.
        WebElement submit = find("#mask-editor-submit");
        assertThat(submit.isEnabled()).isTrue();
        submit.sendKeys(Keys.ENTER);
        await(d -> d.getCurrentUrl().matches(".*/concepts/[^/]+$") && !d.getCurrentUrl().endsWith("/new"));
        assertThat(find("h1").getText()).isEqualTo("Keyboard disc");
        String id = browser.getCurrentUrl().replaceAll(".*/concepts/", "");
        HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url("/api/concepts/" + id + "/mask.png"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        BinaryMask mask = MaskImages.read(stored.body(), ImageLimits.DEFAULT);
        assertThat(mask.iou(scene.disc())).as("SAM's mask from one keyboard click vs the disc").isGreaterThan(0.85);
    }

    private static CharSequence[] repeat(Keys key, int times) {
        CharSequence[] keys = new CharSequence[times];
        java.util.Arrays.fill(keys, key);
        return keys;
    }

    /** Presses at image pixel (x0, y0), moves to (x1, y1) in small steps and releases. */
    private void drag(WebElement canvas, int x0, int y0, int x1, int y1) {
        double[] scale = canvasScale(canvas);
        int steps = Math.max(1, (int) Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 10));
        Actions a = new Actions(browser).moveToElement(canvas, offsetX(x0, scale), offsetY(y0, scale)).clickAndHold();
        int px = offsetX(x0, scale);
        int py = offsetY(y0, scale);
        for (int i = 1; i <= steps; i++) {
            int nx = offsetX(x0 + (x1 - x0) * i / steps, scale);
            int ny = offsetY(y0 + (y1 - y0) * i / steps, scale);
            a.moveByOffset(nx - px, ny - py);
            px = nx;
            py = ny;
        }
        a.release().perform();
    }

    /** {CSS px per image px in x, in y, displayed width, displayed height}. */
    private double[] canvasScale(WebElement canvas) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rect = (Map<String, Object>) script(
                "var r = arguments[0].getBoundingClientRect(); return {w: r.width, h: r.height};", canvas);
        double w = ((Number) rect.get("w")).doubleValue();
        double h = ((Number) rect.get("h")).doubleValue();
        return new double[]{w / 320.0, h / 240.0, w, h};
    }

    // Actions offsets are from the element's centre, in CSS pixels.
    private static int offsetX(double x, double[] scale) {
        return (int) Math.round((x + 0.5) * scale[0] - scale[2] / 2);
    }

    private static int offsetY(double y, double[] scale) {
        return (int) Math.round((y + 0.5) * scale[1] - scale[3] / 2);
    }

    private long drawnArea() {
        return area(find("#mask-editor-summary").getText());
    }

    private static long area(String summary) {
        Matcher m = DRAWN.matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        return Long.parseLong(m.group(1));
    }
}

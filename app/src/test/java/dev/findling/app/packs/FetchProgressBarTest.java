package dev.findling.app.packs;

import dev.findling.models.fetch.FetchProgress;
import dev.findling.models.fetch.FetchProgress.Stage;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class FetchProgressBarTest {

    @Test
    void lineShowsTheBarPercentSizesFileAndStage() {
        FetchProgress halfway = new FetchProgress(Stage.DOWNLOADING, "mobile_sam.zip", 18_000_000, 36_000_000,
                18_000_000, 36_000_000);
        assertThat(FetchProgressBar.line(halfway)).isEqualTo(
                "[###############...............]  50%  18.0 MB / 36.0 MB  mobile_sam.zip  downloading");
    }

    @Test
    void logOutputHasALinePerStageAndPerTenthNotPerChunk() {
        StringWriter log = new StringWriter();
        FetchProgressBar bar = new FetchProgressBar(new PrintWriter(log), false);
        long total = 1_000_000;
        for (long done = 0; done <= total; done += 10_000) {
            bar.onProgress(new FetchProgress(Stage.DOWNLOADING, "a.onnx", done, total, done, total));
        }
        bar.onProgress(new FetchProgress(Stage.VERIFYING, "a.onnx", total, total, total, total));
        bar.onProgress(new FetchProgress(Stage.DONE, "a.onnx", total, total, total, total));
        bar.finish();
        String[] lines = log.toString().split("\\R");
        // 101 reports: one line for each tenth (0 %…100 %), then one per stage change.
        assertThat(lines).hasSize(13);
        assertThat(lines[0]).contains("  0%", "downloading");
        assertThat(lines[10]).contains("100%", "downloading");
        assertThat(lines[11]).contains("verifying");
        assertThat(lines[12]).contains("done");
    }

    @Test
    void terminalOutputRedrawsOneLine() {
        StringWriter terminal = new StringWriter();
        FetchProgressBar bar = new FetchProgressBar(new PrintWriter(terminal), true);
        bar.onProgress(new FetchProgress(Stage.DOWNLOADING, "a.onnx", 0, 100, 0, 100));
        bar.onProgress(new FetchProgress(Stage.DONE, "a.onnx", 100, 100, 100, 100));
        bar.finish();
        assertThat(terminal.toString()).startsWith("\r[").contains("\r[##############################] 100%")
                .endsWith(System.lineSeparator()).doesNotContain("\n[");
    }
}

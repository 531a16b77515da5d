package dev.findling.app;

import dev.findling.models.runtime.Device;
import dev.findling.models.runtime.ExecutionSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * Everything configurable under {@code findling.*}, bound once from {@code application.yml}, environment
 * variables ({@code FINDLING_DATA_DIR} → {@code findling.data-dir} by Spring's relaxed binding), system
 * properties and command-line options. The server and every CLI command read their settings from this
 * one record; nothing else reads {@code findling.*} keys.
 *
 * @param dataDir        where Findling keeps its state (packs, indexes, caches); relative paths resolve
 *                       against the working directory
 * @param packDir        the model pack to open; by default the generated reference pack under the data dir
 * @param device         cpu, cuda or auto
 * @param deviceFallback when false, a requested CUDA device that cannot be used fails the pack load instead
 *                       of falling back to the CPU
 * @param intraOpThreads ONNX Runtime threads per operator; 0 lets the runtime choose
 * @param clip           CLIP tokenizer settings
 */
@Validated
@ConfigurationProperties(prefix = "findling")
public record FindlingProperties(
        @NotNull Path dataDir,
        @NotNull Path packDir,
        @NotNull Device device,
        @DefaultValue("true") boolean deviceFallback,
        @PositiveOrZero @Max(1024) int intraOpThreads,
        @Valid @DefaultValue Clip clip) {

    public FindlingProperties {
        // Absolute from the start: a relative path would otherwise mean different folders to different
        // components if anything ever changed the working directory, and error messages name real places.
        dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        packDir = packDir == null ? null : packDir.toAbsolutePath().normalize();
    }

    /**
     * @param vocab the CLIP BPE vocabulary ({@code bpe_simple_vocab_16e6.txt.gz}); when unset the tokenizer
     *              looks in the data dir, next to the repository, then in the active pack
     */
    public record Clip(Path vocab) {
        public Clip {
            vocab = vocab == null ? null : vocab.toAbsolutePath().normalize();
        }
    }

    /** How the model pack's ONNX Runtime sessions are opened. */
    public ExecutionSettings executionSettings() {
        return new ExecutionSettings(device, !deviceFallback, intraOpThreads, false);
    }
}

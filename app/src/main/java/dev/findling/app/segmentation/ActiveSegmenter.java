package dev.findling.app.segmentation;

import dev.findling.app.packs.ActivePack;
import dev.findling.models.ModelPack;
import dev.findling.semantic.SemanticSegmenter;
import org.springframework.stereotype.Component;

/**
 * The active pack's {@link SemanticSegmenter}, built once on first use and shared by the API, the page and the
 * CLI (it is immutable and thread-safe, and its text-embedding cache is worth keeping across requests).
 */
@Component
public class ActiveSegmenter {
    private final ActivePack activePack;
    private ModelPack builtFor;
    private SemanticSegmenter segmenter;

    public ActiveSegmenter(ActivePack activePack) {
        this.activePack = activePack;
    }

    /** The pack the segmenter runs on. */
    public ModelPack pack() {
        return activePack.require();
    }

    /**
     * @throws dev.findling.app.packs.PackUnavailableException when the pack did not load (503)
     * @throws TextSegmentationUnavailableException            when the pack has no text or dense encoder or no tokenizer (503)
     */
    public synchronized SemanticSegmenter require() {
        ModelPack pack = activePack.require();
        if (segmenter == null || builtFor != pack) {
            SemanticSegmenter.unsupportedReason(pack).ifPresent(reason -> {
                throw new TextSegmentationUnavailableException(reason);
            });
            segmenter = SemanticSegmenter.forPack(pack);
            builtFor = pack;
        }
        return segmenter;
    }
}

package dev.findling.app.segmentation;

import dev.findling.app.packs.ActivePack;
import dev.findling.models.ModelPack;
import dev.findling.semantic.SemanticSegmenter;
import dev.findling.semantic.text.PromptEnsembleEmbedder;
import dev.findling.semantic.text.TextEmbeddingCache;
import dev.findling.semantic.tokenizer.ClipTokenizer;
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
    private ModelPack embedderBuiltFor;
    private PromptEnsembleEmbedder textEmbedder;

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

    /**
     * The prompt-ensemble text embedder of the active pack, for library text search. It needs only a text encoder
     * and its tokenizer — a pack with CLIP's text and image towers but no dense head searches by text too.
     *
     * @throws TextSegmentationUnavailableException when the pack has no text encoder or no tokenizer (503)
     */
    public synchronized PromptEnsembleEmbedder textEmbedder() {
        ModelPack pack = activePack.require();
        if (textEmbedder == null || embedderBuiltFor != pack) {
            if (pack.textEncoder().isEmpty() || pack.tokenizer().isEmpty()) {
                throw new TextSegmentationUnavailableException("pack " + pack.id() + " has no "
                        + (pack.textEncoder().isEmpty() ? "text encoder" : "tokenizer files for its text encoder")
                        + ", so text queries cannot be embedded (a pack with CLIP has them)");
            }
            textEmbedder = new PromptEnsembleEmbedder(pack.textEncoder().get(), ClipTokenizer.forPack(pack.tokenizer().get()),
                    pack.id(), new TextEmbeddingCache(TextEmbeddingCache.DEFAULT_CAPACITY));
            embedderBuiltFor = pack;
        }
        return textEmbedder;
    }
}

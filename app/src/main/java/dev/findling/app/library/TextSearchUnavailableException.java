package dev.findling.app.library;

import dev.findling.app.system.FeatureUnavailableException;

/**
 * The pack cannot search the library by text (no image-text embedder, or no text encoder); the fix is a pack with a
 * CLIP image embedder, then {@code findling reindex}.
 */
public class TextSearchUnavailableException extends FeatureUnavailableException {
    public TextSearchUnavailableException(String reason) {
        super("Text search unavailable", reason);
    }
}

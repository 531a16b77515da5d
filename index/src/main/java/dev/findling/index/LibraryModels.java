package dev.findling.index;

import dev.findling.models.ModelPack;
import dev.findling.models.clip.ImageEmbedder;
import dev.findling.models.sam.ImageEncoder;

import java.util.Objects;
import java.util.Optional;

/**
 * The models a library needs from a pack: the SAM image encoder (patch vectors and cached
 * embeddings) and, when the pack has one, the image-text embedder (global vectors for text search).
 *
 * @param packId        the pack id recorded in the index and the cache keys
 * @param patchDim      channels of the encoder's embedding (256 for every SAM dialect)
 * @param imageEncoder  the SAM-family encoder
 * @param imageEmbedder the global image embedder, if any
 */
public record LibraryModels(String packId, int patchDim, ImageEncoder imageEncoder, Optional<ImageEmbedder> imageEmbedder) {
    /** Every SAM-family dialect's {@code image_embeddings} is [1,256,64,64] (docs/ARCHITECTURE.md §2). */
    public static final int SAM_EMBEDDING_CHANNELS = 256;

    public LibraryModels {
        Objects.requireNonNull(packId, "packId");
        Objects.requireNonNull(imageEncoder, "imageEncoder");
        imageEmbedder = imageEmbedder == null ? Optional.empty() : imageEmbedder;
    }

    public static LibraryModels of(ModelPack pack) {
        return new LibraryModels(pack.id(), SAM_EMBEDDING_CHANNELS, pack.imageEncoder(), pack.imageEmbedder());
    }

    public int globalDim() {
        return imageEmbedder.map(ImageEmbedder::dimension).orElse(0);
    }
}

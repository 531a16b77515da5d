package dev.findling.index;

import dev.findling.index.cache.EmbeddingCache;
import dev.findling.index.scan.SegmentationMaskDetector;
import dev.findling.index.store.VectorMath;
import dev.findling.index.thumbs.ThumbnailStore;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.WorkingResolution;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.sam.ImageEmbedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads a library file once and derives what the library keeps of it: content hash, SAM embedding
 * (from the cache, or encoded and cached), global vector, thumbnail. The encoder is the expensive
 * step, so the image is decoded only when something actually needs its pixels. Files that are
 * segmentation masks ({@link SegmentationMaskDetector}) are recognised here and never encoded.
 */
final class ImageAnalyzer {
    private final LibraryModels models;
    private final EmbeddingCache cache;
    private final ThumbnailStore thumbnails;
    private final ImageLimits limits;

    ImageAnalyzer(LibraryModels models, EmbeddingCache cache, ThumbnailStore thumbnails, ImageLimits limits) {
        this.models = models;
        this.cache = cache;
        this.thumbnails = thumbnails;
        this.limits = limits;
    }

    /**
     * What ingestion needs of one file.
     *
     * @param skipReason why the file is not a photo (a segmentation mask), in which case nothing else
     *                   was computed; null for a photo
     */
    record Analysis(String sha256, ImageEmbedding embedding, float[] globalVector, String skipReason) {
        static Analysis notAPhoto(String sha256, String reason) {
            return new Analysis(sha256, null, null, reason);
        }

        boolean isPhoto() {
            return skipReason == null;
        }
    }

    /** Bytes of a file, refusing files above the byte limit before reading them. */
    byte[] readBounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_BYTES,
                    "the file has " + size + " bytes, more than the limit of " + limits.maxBytes());
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
            if (bytes.length > limits.maxBytes()) {
                throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_BYTES,
                        "the file grew beyond the limit of " + limits.maxBytes() + " bytes while being read");
            }
            return bytes;
        }
    }

    /**
     * Hash, embedding, global vector and thumbnail of one file — or, for a segmentation mask, only
     * the hash and the reason it is skipped (checked before anything is encoded, cached or thumbnailed).
     */
    Analysis analyze(byte[] bytes, boolean withGlobalVector) {
        String sha = sha256(bytes);
        RgbImage image = null;
        if (SegmentationMaskDetector.hasMaskEncoding(bytes)) {
            // The one decode of this file: its pixels settle the mask question and, for a photo,
            // feed the encoder below. Only mask-capable encodings pay it when the embedding is cached.
            image = ImageDecoder.read(bytes, limits);
            Optional<String> mask = SegmentationMaskDetector.maskReason(bytes, image);
            if (mask.isPresent()) {
                return Analysis.notAPhoto(sha, mask.get());
            }
        }
        Optional<ImageEmbedding> cached = cache.get(sha, models.packId());
        boolean needGlobal = withGlobalVector && models.imageEmbedder().isPresent();
        if (image == null && (cached.isEmpty() || needGlobal || !thumbnails.contains(sha))) {
            // A large photo is read as the reduced copy the encoders need (docs/ARCHITECTURE.md §1, "Large photos");
            // the embedding keeps the photo's size. A mask-capable encoding was decoded in full above, because the
            // mask check reads every pixel.
            image = ImageDecoder.read(bytes, limits, WorkingResolution.SAM);
        }
        ImageEmbedding embedding;
        if (cached.isPresent()) {
            embedding = cached.get();
        } else {
            embedding = encode(image);
            cache.put(sha, embedding);
        }
        float[] global = null;
        if (needGlobal) {
            float[] raw = models.imageEmbedder().get().embed(image);
            global = raw.clone();
            if (!VectorMath.normalizeInPlace(global)) {
                global = null; // a zero global vector cannot be searched; the image stays findable by concept
            }
        }
        if (image != null) {
            thumbnails.ensure(sha, image);
        }
        return new Analysis(sha, embedding, global, null);
    }

    /** The embedding of the given bytes, from the cache or encoded (and cached). */
    ImageEmbedding embedding(byte[] bytes) {
        String sha = sha256(bytes);
        return cache.get(sha, models.packId()).orElseGet(() -> {
            ImageEmbedding e = encode(ImageDecoder.read(bytes, limits, WorkingResolution.SAM));
            cache.put(sha, e);
            return e;
        });
    }

    byte[] thumbnail(byte[] bytes) {
        String sha = sha256(bytes);
        return thumbnails.get(sha).orElseGet(() -> thumbnails.ensure(sha, ImageDecoder.read(bytes, limits, WorkingResolution.SAM)));
    }

    private ImageEmbedding encode(RgbImage image) {
        ImageEmbedding e = models.imageEncoder().encode(image);
        if (e.channels() != models.patchDim()) {
            throw new IllegalStateException("the image encoder of pack '" + models.packId() + "' returned "
                    + e.channels() + " channels but the library expects " + models.patchDim());
        }
        if (!models.packId().equals(e.packId())) {
            throw new IllegalStateException("the image encoder returned an embedding of pack '" + e.packId()
                    + "' but the library uses pack '" + models.packId() + "'");
        }
        return e;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Stable, URL-safe image id: 20 hex characters of SHA-256(root id, relative path). */
    static String imageId(String rootId, String relativePath) {
        byte[] key = (rootId + "\n" + relativePath).getBytes(StandardCharsets.UTF_8);
        return sha256(key).substring(0, 20);
    }
}

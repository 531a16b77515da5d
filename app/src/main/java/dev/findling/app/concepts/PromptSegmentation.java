package dev.findling.app.concepts;

import dev.findling.app.packs.ActivePack;
import dev.findling.app.system.NotFoundException;
import dev.findling.models.ModelPack;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PointPrompt;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Click-to-segment: SAM's own interactive loop. An uploaded image is encoded once and kept (image and embedding)
 * under an id in a memory-bounded LRU, so each follow-up click costs one decoder pass, not an encoder run — the
 * segment-anything predictor's split of {@code set_image} and {@code predict}, without its mutable state.
 * Each decode returns all four SAM masks (token 0 single-mask, 1–3 multimask) with the decoder's IoU estimates;
 * their PNGs are kept in a bounded {@link ResultFiles} folder for the response's links.
 */
public class PromptSegmentation {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An encoded upload. */
    public record PromptImage(String id, RgbImage image, ImageEmbedding embedding, long encodeMillis) {
        long bytes() {
            return image.pixelCount() * 3 + 4L * embedding.channels() * embedding.gridHeight() * embedding.gridWidth();
        }
    }

    /** One decoded mask of the four. */
    public record Candidate(int index, float iouEstimate, BinaryMask mask) {
        /** Whether this is one of SAM's three multimask outputs (1–3) rather than the single-mask token (0). */
        public boolean multimask() {
            return index > 0;
        }
    }

    /** One decoder run on a cached image. */
    public record Decoded(PromptImage image, String resultId, List<Candidate> candidates, int bestIndex,
                          boolean singleMaskPreferred, long decodeMillis) {
    }

    private final ActivePack activePack;
    private final long budgetBytes;
    private final ResultFiles files;
    private final LinkedHashMap<String, PromptImage> images = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;

    public PromptSegmentation(ActivePack activePack, long budgetBytes, ResultFiles files) {
        this.activePack = activePack;
        this.budgetBytes = budgetBytes;
        this.files = files;
    }

    /** Encodes the image with the active pack and keeps it for follow-up clicks. */
    public PromptImage register(RgbImage image) {
        ModelPack pack = activePack.require();
        long start = System.nanoTime();
        ImageEmbedding embedding = pack.imageEncoder().encode(image);
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        PromptImage entry = new PromptImage(HexFormat.of().formatHex(random), image, embedding,
                (System.nanoTime() - start) / 1_000_000);
        synchronized (this) {
            images.put(entry.id(), entry);
            usedBytes += entry.bytes();
            // Evict least recently used images, but never the one just added.
            Iterator<PromptImage> it = images.values().iterator();
            while (usedBytes > budgetBytes && images.size() > 1 && it.hasNext()) {
                PromptImage oldest = it.next();
                if (oldest == entry) {
                    continue;
                }
                usedBytes -= oldest.bytes();
                it.remove();
            }
        }
        return entry;
    }

    /**
     * A kept image.
     *
     * @throws NotFoundException when the id is unknown or the image was evicted (the client uploads it again)
     */
    public PromptImage image(String imageId) {
        PromptImage entry = imageId != null && ID.matcher(imageId).matches() ? lookup(imageId) : null;
        if (entry == null) {
            throw new NotFoundException("prompt image", String.valueOf(imageId));
        }
        if (!entry.embedding().packId().equals(activePack.require().id())) {
            throw new NotFoundException("prompt image", imageId); // encoded by a pack that is no longer active
        }
        return entry;
    }

    private synchronized PromptImage lookup(String id) {
        return images.get(id);
    }

    /**
     * Runs the prompt decoder once on a kept image.
     *
     * @param points clicks in original-image pixels (may be empty when a box is given)
     * @param box    optional box in original-image pixels
     * @throws IllegalArgumentException when there is neither a point nor a box, or a prompt lies outside the image
     */
    public Decoded decode(PromptImage image, List<PointPrompt> points, BoxPrompt box) {
        // Prompts and masks are in the photo's own pixels, also when a large photo is kept as a reduced copy.
        int w = image.image().sourceWidth();
        int h = image.image().sourceHeight();
        for (PointPrompt p : points) {
            if (!(p.x() >= 0 && p.x() < w && p.y() >= 0 && p.y() < h)) {
                throw new IllegalArgumentException("point (" + p.x() + ", " + p.y() + ") lies outside the "
                        + w + "×" + h + " image");
            }
        }
        if (box != null && (box.x0() < 0 || box.y0() < 0 || box.x1() > w || box.y1() > h)) {
            throw new IllegalArgumentException("box (" + box.x0() + ", " + box.y0() + ")–(" + box.x1() + ", " + box.y1()
                    + ") does not lie inside the " + w + "×" + h + " image");
        }
        DecoderPrompt prompt = new DecoderPrompt(points, box, null, null);
        long start = System.nanoTime();
        DecoderResult result = activePack.require().promptDecoder().decode(image.embedding(), prompt);
        List<Candidate> candidates = new ArrayList<>();
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        for (int i = 0; i < result.candidateCount(); i++) {
            BinaryMask mask = result.mask(i);
            candidates.add(new Candidate(i, result.iouPrediction(i), mask));
            pngs.put(maskFile(i), MaskImages.toPng(mask));
        }
        long decodeMillis = (System.nanoTime() - start) / 1_000_000;
        // SAM's advice: one click is ambiguous, so pick among the multimask outputs; with several clicks or a box
        // the single-mask output is the intended one.
        boolean single = points.size() > 1 || box != null;
        int best = single ? result.singleMaskIndex() : result.bestMultimaskIndex();
        String resultId = files.store(pngs);
        return new Decoded(image, resultId, candidates, best, single, decodeMillis);
    }

    public static String maskFile(int index) {
        return "mask-" + index + ".png";
    }

    public Optional<Path> file(String resultId, String name) {
        return files.file(resultId, name);
    }
}

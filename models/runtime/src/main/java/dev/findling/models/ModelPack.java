package dev.findling.models;

import dev.findling.models.clip.ClipDialects;
import dev.findling.models.clip.DenseEncoder;
import dev.findling.models.clip.ImageEmbedder;
import dev.findling.models.clip.SamClipBackbone;
import dev.findling.models.clip.TextEncoder;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.LoadedPack;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackException;
import dev.findling.models.pack.PackLoader;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.TokenizerFiles;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.runtime.SessionFactory;
import dev.findling.models.sam.ImageEncoder;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.sam.SamDialects;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An open model pack: the models module's entry point. Opening validates the pack folder (manifest,
 * files, pinned SHA-256, every session's tensors against its dialect), opens each ONNX file once and
 * picks one implementation per role and dialect. A file declared as both the image encoder and the
 * {@code samclip} dense encoder is a merged SAM-CLIP backbone: one session, and {@link #samClipBackbone()}
 * for both outputs from one run. The role objects are stateless and the sessions
 * long-lived, so one {@code ModelPack} is shared by every request of a process; {@link #close()}
 * releases the sessions.
 *
 * <pre>{@code
 * try (ModelPack pack = ModelPack.open(dir, ExecutionSettings.defaults())) {
 *     ImageEmbedding e = pack.imageEncoder().encode(image);          // expensive: once per image
 *     DecoderResult r = pack.promptDecoder().decode(e, DecoderPrompt.of(List.of(PointPrompt.positive(x, y))));
 *     BinaryMask mask = r.mask(r.bestMultimaskIndex());
 * }
 * }</pre>
 */
public final class ModelPack implements AutoCloseable {
    private static final String PROMPT_DIALECT = "sam-onnx";

    private final LoadedPack loaded;
    private final ImageEncoder imageEncoder;
    private final MaskDecoder promptDecoder;
    private final MaskDecoder personalizationDecoder;
    private final TextEncoder textEncoder;
    private final DenseEncoder denseEncoder;
    private final ImageEmbedder imageEmbedder;
    private final SamClipBackbone samClipBackbone;

    private ModelPack(LoadedPack loaded) {
        this.loaded = loaded;
        String id = loaded.manifest().id();
        ImageEncoder encoder = null;
        Map<String, MaskDecoder> byDialect = new LinkedHashMap<>();
        TextEncoder text = null;
        DenseEncoder dense = null;
        ImageEmbedder embedder = null;
        BoundSession encoderSession = null;
        BoundSession denseSession = null;
        for (BoundSession s : loaded.entries()) {
            switch (s.entry().role()) {
                case Dialects.IMAGE_ENCODER -> {
                    encoder = SamDialects.imageEncoder(id, s);
                    encoderSession = s;
                }
                case Dialects.MASK_DECODER -> byDialect.put(s.entry().dialect(), SamDialects.maskDecoder(id, s));
                case Dialects.TEXT_ENCODER -> text = ClipDialects.textEncoder(id, s);
                case Dialects.DENSE_ENCODER -> {
                    dense = ClipDialects.denseEncoder(id, s);
                    denseSession = s;
                }
                case Dialects.IMAGE_EMBEDDER -> embedder = ClipDialects.imageEmbedder(id, s);
                default -> throw new PackException(s.file() + ": unknown role " + s.entry().role());
            }
        }
        if (encoder == null || byDialect.isEmpty()) {
            throw new PackException("pack " + id + " needs an image-encoder and a mask-decoder");
        }
        this.imageEncoder = encoder;
        this.textEncoder = text;
        this.denseEncoder = dense;
        this.imageEmbedder = embedder;
        this.samClipBackbone = ClipDialects.samClipBackbone(id, encoderSession, denseSession).orElse(null);
        requireSameTextSpace(text, dense, embedder);
        // Plain prompting never runs on a guided graph: it applies PerSAM's second softmax on every run.
        MaskDecoder firstPlain = byDialect.entrySet().stream().filter(e -> !Dialects.isGuided(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(byDialect.values().iterator().next());
        this.promptDecoder = byDialect.getOrDefault(PROMPT_DIALECT, firstPlain);
        MaskDecoder ownGuided = byDialect.entrySet().stream().filter(e -> Dialects.isGuided(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        MaskDecoder derived = loaded.derivedPerSamDecoder().map(s -> SamDialects.maskDecoder(id, s)).orElse(null);
        this.personalizationDecoder = ownGuided != null ? ownGuided : derived != null ? derived : promptDecoder;
    }

    private ModelPack(ModelPack original, ImageEncoder encoder, MaskDecoder prompt, MaskDecoder personalization,
                      TextEncoder text, DenseEncoder dense, ImageEmbedder embedder, SamClipBackbone backbone) {
        this.loaded = original.loaded;
        this.imageEncoder = encoder;
        this.promptDecoder = prompt;
        this.personalizationDecoder = personalization;
        this.textEncoder = text;
        this.denseEncoder = dense;
        this.imageEmbedder = embedder;
        this.samClipBackbone = backbone;
    }

    /**
     * How {@link #withDecorators(Decorators)} wraps each role object; {@link #none()} leaves every role as it
     * is, and each {@code with…} replaces the wrapping of one role.
     */
    public record Decorators(UnaryOperator<ImageEncoder> imageEncoder, UnaryOperator<MaskDecoder> maskDecoder,
                             UnaryOperator<TextEncoder> textEncoder, UnaryOperator<DenseEncoder> denseEncoder,
                             UnaryOperator<ImageEmbedder> imageEmbedder, UnaryOperator<SamClipBackbone> samClipBackbone) {
        public Decorators {
            Objects.requireNonNull(imageEncoder, "imageEncoder");
            Objects.requireNonNull(maskDecoder, "maskDecoder");
            Objects.requireNonNull(textEncoder, "textEncoder");
            Objects.requireNonNull(denseEncoder, "denseEncoder");
            Objects.requireNonNull(imageEmbedder, "imageEmbedder");
            Objects.requireNonNull(samClipBackbone, "samClipBackbone");
        }

        public static Decorators none() {
            return new Decorators(UnaryOperator.identity(), UnaryOperator.identity(), UnaryOperator.identity(),
                    UnaryOperator.identity(), UnaryOperator.identity(), UnaryOperator.identity());
        }

        public Decorators withImageEncoder(UnaryOperator<ImageEncoder> d) {
            return new Decorators(d, maskDecoder, textEncoder, denseEncoder, imageEmbedder, samClipBackbone);
        }

        /** Applied to every mask decoder (prompt and personalisation). */
        public Decorators withMaskDecoder(UnaryOperator<MaskDecoder> d) {
            return new Decorators(imageEncoder, d, textEncoder, denseEncoder, imageEmbedder, samClipBackbone);
        }

        public Decorators withTextEncoder(UnaryOperator<TextEncoder> d) {
            return new Decorators(imageEncoder, maskDecoder, d, denseEncoder, imageEmbedder, samClipBackbone);
        }

        public Decorators withDenseEncoder(UnaryOperator<DenseEncoder> d) {
            return new Decorators(imageEncoder, maskDecoder, textEncoder, d, imageEmbedder, samClipBackbone);
        }

        public Decorators withImageEmbedder(UnaryOperator<ImageEmbedder> d) {
            return new Decorators(imageEncoder, maskDecoder, textEncoder, denseEncoder, d, samClipBackbone);
        }

        public Decorators withSamClipBackbone(UnaryOperator<SamClipBackbone> d) {
            return new Decorators(imageEncoder, maskDecoder, textEncoder, denseEncoder, imageEmbedder, d);
        }
    }

    /**
     * The same pack with its image encoder and mask decoders wrapped, e.g. by timing or tracing decorators
     * that must reach every caller of {@link #imageEncoder()} without each caller knowing about them; the
     * other roles are left as they are (see {@link #withDecorators(Decorators)}).
     */
    public ModelPack withDecorators(UnaryOperator<ImageEncoder> encoderDecorator, UnaryOperator<MaskDecoder> decoderDecorator) {
        return withDecorators(Decorators.none().withImageEncoder(Objects.requireNonNull(encoderDecorator, "encoderDecorator"))
                .withMaskDecoder(Objects.requireNonNull(decoderDecorator, "decoderDecorator")));
    }

    /**
     * The same pack with its role objects wrapped, e.g. by timing or tracing decorators that must reach every
     * caller without each caller knowing about them. A decorator sees only the roles the pack has (absent
     * optional roles stay absent). The view shares this pack's sessions: closing either closes both. A decoder
     * that serves both prompt and personalisation is wrapped once, so the two accessors keep returning the same
     * object. A merged backbone is a role of its own: decorating the image encoder does not reach
     * {@link #samClipBackbone()}, whose one run replaces an image-encoder run and a dense-encoder run.
     */
    public ModelPack withDecorators(Decorators decorators) {
        Objects.requireNonNull(decorators, "decorators");
        MaskDecoder prompt = Objects.requireNonNull(decorators.maskDecoder().apply(promptDecoder), "decorated prompt decoder");
        MaskDecoder personalization = personalizationDecoder == promptDecoder ? prompt
                : Objects.requireNonNull(decorators.maskDecoder().apply(personalizationDecoder), "decorated personalisation decoder");
        return new ModelPack(this,
                Objects.requireNonNull(decorators.imageEncoder().apply(imageEncoder), "decorated encoder"),
                prompt, personalization,
                decorate(textEncoder, decorators.textEncoder(), "decorated text encoder"),
                decorate(denseEncoder, decorators.denseEncoder(), "decorated dense encoder"),
                decorate(imageEmbedder, decorators.imageEmbedder(), "decorated image embedder"),
                decorate(samClipBackbone, decorators.samClipBackbone(), "decorated SAM-CLIP backbone"));
    }

    private static <T> T decorate(T role, UnaryOperator<T> decorator, String what) {
        return role == null ? null : Objects.requireNonNull(decorator.apply(role), what);
    }

    /** Text, dense and global image vectors are compared with each other, so they must share one space. */
    private static void requireSameTextSpace(TextEncoder text, DenseEncoder dense, ImageEmbedder embedder) {
        if (text == null) {
            return;
        }
        if (dense != null && dense.dimension() != text.dimension()) {
            throw new PackException("the dense encoder's features have " + dense.dimension()
                    + " dimensions but the text encoder's embeddings have " + text.dimension() + "; they must share one space");
        }
        if (embedder != null && embedder.dimension() != text.dimension()) {
            throw new PackException("the image embedder's vectors have " + embedder.dimension()
                    + " dimensions but the text encoder's embeddings have " + text.dimension() + "; they must share one space");
        }
    }

    /**
     * Opens and validates the pack in {@code packDir}.
     *
     * @throws PackException listing every problem (file, tensor, expected, actual) when the pack cannot be used
     * @throws dev.findling.models.runtime.DeviceUnavailableException when CUDA is required but unavailable
     */
    public static ModelPack open(Path packDir, ExecutionSettings settings) {
        LoadedPack loaded = PackLoader.load(packDir, SessionFactory.create(settings));
        try {
            return new ModelPack(loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    public PackManifest manifest() {
        return loaded.manifest();
    }

    public String id() {
        return loaded.manifest().id();
    }

    /** The pack folder, absolute. */
    public Path directory() {
        return loaded.directory();
    }

    /** True for the generated classical pack, which must never be presented as learned weights. */
    public boolean isReference() {
        return loaded.manifest().isReference();
    }

    /** What a UI shows: the pack's name and, when it has one, its label. */
    public String displayLabel() {
        PackManifest m = loaded.manifest();
        String name = m.name() == null || m.name().isBlank() ? m.id() : m.name();
        return m.label() == null || m.label().isBlank() ? name : name + " — " + m.label();
    }

    /** The execution provider the sessions run on: {@code CPU} or {@code CUDA}. */
    public String executionProvider() {
        return loaded.provider().name();
    }

    /** How PerSAM's decoder was derived for this pack, when it was (the file, its source and the nodes added). */
    public Optional<dev.findling.models.pack.PackLoader.DerivedInspection> derivedPerSamDecoder() {
        return loaded.derivedPerSamStatus();
    }

    public ImageEncoder imageEncoder() {
        return imageEncoder;
    }

    /** The decoder for interactive prompts: {@code sam-onnx} when the pack has it, else its first unguided decoder. */
    public MaskDecoder promptDecoder() {
        return promptDecoder;
    }

    /**
     * The decoder for PerSAM's first pass: a guided one ({@code persam}) when the pack has it, else the one derived
     * by graph editing from its stock {@code sam-onnx}, {@code edgesam} or {@code efficientsam} decoder
     * ({@link dev.findling.models.pack.DerivedPerSamDecoder}), else {@link #promptDecoder()} (no guidance).
     */
    public MaskDecoder personalizationDecoder() {
        return personalizationDecoder;
    }

    public Optional<TextEncoder> textEncoder() {
        return Optional.ofNullable(textEncoder);
    }

    public Optional<DenseEncoder> denseEncoder() {
        return Optional.ofNullable(denseEncoder);
    }

    public Optional<ImageEmbedder> imageEmbedder() {
        return Optional.ofNullable(imageEmbedder);
    }

    /**
     * The merged SAM-CLIP backbone, present when pack.json points the image encoder and the {@code samclip}
     * dense encoder at the same file: {@code encode} gives the SAM embedding and the dense features from one
     * run. {@link #imageEncoder()} and {@link #denseEncoder()} still work on the same shared session, each
     * fetching only its own output, but each of them runs the whole backbone.
     */
    public Optional<SamClipBackbone> samClipBackbone() {
        return Optional.ofNullable(samClipBackbone);
    }

    public Optional<TokenizerFiles> tokenizer() {
        return loaded.tokenizer();
    }

    /** The manifest's entries in order, with the preprocessing each one actually uses. */
    public List<ModelEntry> entries() {
        return loaded.entries().stream().map(BoundSession::entry).toList();
    }

    /** Number of ONNX sessions open (entries that share a file share a session). */
    public int sessionCount() {
        return loaded.sessionCount();
    }

    /**
     * Closes the pack's sessions, each once no run is inside it any more, and returns at once; runs asked of it
     * afterwards fail with a {@link dev.findling.models.runtime.PackClosedException}. Closing a decorated view
     * closes the pack it was made from. Idempotent.
     */
    @Override
    public void close() {
        loaded.close();
    }

    /**
     * After {@link #close()}: waits until every session is closed — the runs inside them have ended — but no longer
     * than {@code timeout}; for a shutdown that should not leave native runs behind the JVM's exit.
     *
     * @return whether every session is closed
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return loaded.awaitClosed(timeout);
    }

    @Override
    public String toString() {
        return "ModelPack[" + id() + ", " + executionProvider() + ", " + directory() + "]";
    }
}

package dev.findling.personalize.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.ModelPack;
import dev.findling.models.geometry.ImageResampler;
import dev.findling.models.geometry.PillowResampler;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.sam.SamPreprocessor;
import dev.findling.models.testing.RealArchFixtures;
import dev.findling.personalize.Concept;
import dev.findling.personalize.MaskMixingWeights;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamFineTuner;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.PerSamResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PerSAM on the real MobileSAM architecture ({@code ../shared/data/real-arch}, random weights; a pack with only the
 * stock multi-mask decoder, so PerSAM's first pass runs on the derived decoder):
 * <ul>
 *   <li>{@code encoderFindling} vs {@code encoderBareOrt}: {@code ImageEncoder.encode} of the 1277×1277 cat photo
 *       (resize, HWC floats, run, copy out) against a bare {@code OrtSession.run} on the tensor Findling prepares
 *       (target ≤ 1.05×);</li>
 *   <li>{@code persamAfterEncoder}: {@code PerSam.segment(concept, embedding)} at 1 MP (1000×1000) and 12 MP
 *       (4000×3000): three decoder passes and the Java side (target ≤ 0.13 s at 1 MP);</li>
 *   <li>{@code decoderPassFindling} vs {@code decoderPassFullGraph}: one decoder pass through Findling (its session
 *       runs without the full-size {@code masks} output) against the published graph fetching only the low-res
 *       outputs, at the 12 MP image's {@code orig_im_size};</li>
 *   <li>{@code fineTuneFit}: PerSAM-F's 1000-step fit on the 1282×1282 reference (target ≤ 1 s).</li>
 * </ul>
 * Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=RealArchBenchmarks -pl personalize test}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 10)
public class RealArchBenchmarks {

    /** The fixture folder, found from the repository root (benchmarks run outside surefire). */
    static Path fixtures() {
        Path dir = RealArchFixtures.dirOrNull();
        for (Path p = Path.of("").toAbsolutePath(); dir == null && p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/real-arch").normalize();
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                dir = candidate;
            }
        }
        if (dir == null) {
            throw new IllegalStateException("../shared/data/real-arch not found next to the repository");
        }
        return dir;
    }

    @State(Scope.Benchmark)
    public static class Fixture {
        @Param({"1000x1000", "4000x3000"})
        public String size;

        Path packDir;
        ModelPack pack;
        PerSam perSam;
        Concept concept;
        ImageEmbedding embedding;
        RgbImage photo;
        OrtSession bareEncoder;
        OrtSession bareDecoder;
        OnnxTensor encoderInput;
        BinaryMask referenceMask;
        DecoderResult trainingPass;
        SamPreprocessor preprocessor;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Path dir = fixtures();
            Path photos = dir.resolve("../perseg-examples/cat").normalize();
            packDir = RealArchFixtures.pack(Files.createTempDirectory("findling-bench-"), RealArchFixtures.Decoders.STOCK_ONLY);
            pack = ModelPack.open(packDir, ExecutionSettings.defaults());
            perSam = new PerSam(pack, PerSamOptions.defaults().withPresenceThreshold(0));
            RgbImage reference = ImageDecoder.read(photos.resolve("00.jpg"), ImageLimits.DEFAULT);
            referenceMask = MaskImages.read(photos.resolve("00.png"), ImageLimits.DEFAULT);
            ImageEmbedding ref = pack.imageEncoder().encode(reference);
            concept = perSam.createConcept("cat", reference, referenceMask, ref, false);
            trainingPass = pack.promptDecoder().decode(ref, DecoderPrompt.of(List.of(PointPrompt.positive(849, 352))));

            photo = ImageDecoder.read(photos.resolve("01.jpg"), ImageLimits.DEFAULT);
            String[] wh = size.split("x");
            RgbImage sized = PillowResampler.resize(photo, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]),
                    ImageResampler.Filter.BILINEAR);
            embedding = pack.imageEncoder().encode(sized);

            OrtEnvironment env = OrtEnvironment.getEnvironment();
            bareEncoder = env.createSession(dir.resolve("mobilesam_encoder_preprocess.onnx").toString(), new OrtSession.SessionOptions());
            bareDecoder = env.createSession(dir.resolve("sam_decoder_multimask.onnx").toString(), new OrtSession.SessionOptions());
            Preprocessing p = pack.entries().stream().filter(m -> m.role().equals("image-encoder")).findFirst()
                    .orElseThrow().preprocessing();
            preprocessor = new SamPreprocessor(p);
            SamPreprocessor.Prepared prepared = preprocessor.preprocess(photo);
            encoderInput = OnnxTensor.createTensor(env, prepared.tensor(), prepared.shape());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            encoderInput.close();
            bareEncoder.close();
            bareDecoder.close();
            pack.close();
            try (Stream<Path> files = Files.walk(packDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Benchmark
    public ImageEmbedding encoderFindling(Fixture f) {
        return f.pack.imageEncoder().encode(f.photo);
    }

    @Benchmark
    public float[] encoderBareOrt(Fixture f) throws OrtException {
        try (OrtSession.Result r = f.bareEncoder.run(Map.of("input_image", f.encoderInput))) {
            FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    /** The part of {@code encoderFindling} before the run: resize to 1024 (Pillow-exact) and HWC floats. */
    @Benchmark
    public SamPreprocessor.Prepared encoderPreprocessing(Fixture f) {
        return f.preprocessor.preprocess(f.photo);
    }

    @Benchmark
    public PerSamResult persamAfterEncoder(Fixture f) {
        return f.perSam.segment(f.concept, f.embedding);
    }

    @Benchmark
    public DecoderResult decoderPassFindling(Fixture f) {
        return f.pack.promptDecoder().decode(f.embedding, DecoderPrompt.of(List.of(PointPrompt.positive(400, 300))));
    }

    @Benchmark
    public float[] decoderPassFullGraph(Fixture f) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        var g = f.embedding.geometry();
        float[] coords = {400 * 1024f / Math.max(g.originalWidth(), g.originalHeight()),
                300 * 1024f / Math.max(g.originalWidth(), g.originalHeight()), 0, 0};
        try (OnnxTensor e = OnnxTensor.createTensor(env, f.embedding.features(), new long[]{1, 256, 64, 64});
             OnnxTensor pc = OnnxTensor.createTensor(env, FloatBuffer.wrap(coords), new long[]{1, 2, 2});
             OnnxTensor pl = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{1, -1}), new long[]{1, 2});
             OnnxTensor mi = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[256 * 256]), new long[]{1, 1, 256, 256});
             OnnxTensor hm = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{0}), new long[]{1});
             OnnxTensor os = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{g.originalHeight(), g.originalWidth()}), new long[]{2});
             OrtSession.Result r = f.bareDecoder.run(Map.of("image_embeddings", e, "point_coords", pc, "point_labels", pl,
                     "mask_input", mi, "has_mask_input", hm, "orig_im_size", os), Set.of("iou_predictions", "low_res_masks"))) {
            FloatBuffer b = ((OnnxTensor) r.get("low_res_masks").orElseThrow()).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }

    @Benchmark
    public MaskMixingWeights fineTuneFit(Fixture f) {
        return PerSamFineTuner.fit(f.trainingPass, f.referenceMask, PerSamFineTuner.Resolution.SAMPLED);
    }
}

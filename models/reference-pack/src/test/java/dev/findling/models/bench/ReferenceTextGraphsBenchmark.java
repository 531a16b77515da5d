package dev.findling.models.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.onnx.OnnxModelWriter;
import dev.findling.models.reference.text.DenseEncoderGraph;
import dev.findling.models.reference.text.ImageEmbedderGraph;
import dev.findling.models.reference.text.ReferenceVocabulary;
import dev.findling.models.reference.text.TextEncoderGraph;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.image.RgbImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference pack's text-side graphs through ONNX Runtime (2 intra-op threads, as a pack session
 * runs on the 2-core CI machine): the {@code samclip} dense encoder on a SAM-normalised 1024² frame
 * (a 1024×768 synthetic scene plus padding), the {@code clip} image embedder on 224², and the text
 * encoder on one 77-token prompt. Targets on the 2-core CI machine, medians: dense encoder ≤ 250 ms,
 * image embedder ≤ 25 ms, text encoder ≤ 1 ms. Preprocessing is not included (see
 * {@link SamPreprocessorBenchmark}).
 *
 * <pre>mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=ReferenceTextGraphsBenchmark -pl models/reference-pack test</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ReferenceTextGraphsBenchmark {
    private OrtEnvironment env;
    private OrtSession dense;
    private OrtSession embedder;
    private OrtSession text;
    private float[] samFrame;
    private float[] clipFrame;
    private long[] ids;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        dense = env.createSession(OnnxModelWriter.toBytes(DenseEncoderGraph.build()), options);
        embedder = env.createSession(OnnxModelWriter.toBytes(ImageEmbedderGraph.build()), options);
        text = env.createSession(OnnxModelWriter.toBytes(TextEncoderGraph.build()), options);
        samFrame = normalise(SyntheticScenes.standardScene(1024, 768, 1).image(), 1024,
                Preprocessing.SAM_PIXEL_MEAN, Preprocessing.SAM_PIXEL_STD, 1f);
        clipFrame = normalise(SyntheticScenes.standardScene(224, 224, 2).image(), 224,
                Preprocessing.CLIP_PIXEL_MEAN, Preprocessing.CLIP_PIXEL_STD, 255f);
        ReferenceVocabulary vocab = ReferenceVocabulary.get();
        ids = new long[77];
        ids[0] = vocab.startOfTextId();
        ids[1] = vocab.wordId("red");
        ids[2] = vocab.endOfTextId();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        dense.close();
        embedder.close();
        text.close();
    }

    @Benchmark
    public float denseEncoder1024() throws OrtException {
        return run(dense, "image", samFrame, 1024);
    }

    @Benchmark
    public float imageEmbedder224() throws OrtException {
        return run(embedder, "pixel_values", clipFrame, 224);
    }

    @Benchmark
    public float textEncoder() throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{1, 77});
             OrtSession.Result r = text.run(Map.of("input_ids", t))) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
    }

    private float run(OrtSession session, String input, float[] frame, int side) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(frame), new long[]{1, 3, side, side});
             OrtSession.Result r = session.run(Map.of(input, t))) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
    }

    /** NCHW (x/scale − mean)/std, zero-padded bottom-right to side². */
    private static float[] normalise(RgbImage image, int side, float[] mean, float[] std, float scale) {
        float[] out = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    out[(c * side + y) * side + x] = (image.channel(x, y, c) / scale - mean[c]) / std[c];
                }
            }
        }
        return out;
    }
}

package dev.findling.models.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.onnx.OnnxModelWriter;
import dev.findling.models.reference.ReferenceImageEncoder;
import dev.findling.models.reference.ReferenceMaskDecoder;
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
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The reference pack's SAM-side graphs in ONNX Runtime (default session options): the image encoder
 * on one normalised 1024² input, and one sam-onnx decoder pass (one click plus the padding point)
 * for a 640×480 image, which includes SAM's in-graph post-processing to the original size.
 * Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=ReferenceSamGraphsBenchmark -pl models/reference-pack test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ReferenceSamGraphsBenchmark {
    private OrtEnvironment env;
    private OrtSession encoder;
    private OrtSession decoder;
    private OnnxTensor image;
    private final Map<String, OnnxTensor> decoderInputs = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        env = OrtEnvironment.getEnvironment();
        encoder = env.createSession(OnnxModelWriter.toBytes(ReferenceImageEncoder.build()), new OrtSession.SessionOptions());
        decoder = env.createSession(OnnxModelWriter.toBytes(ReferenceMaskDecoder.buildSamOnnx()), new OrtSession.SessionOptions());
        float[] pixels = new float[3 * 1024 * 1024];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        image = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[]{1, 3, 1024, 1024});
        float[] embedding;
        try (OrtSession.Result r = encoder.run(Map.of("image", image))) {
            embedding = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
        }
        decoderInputs.put("image_embeddings", OnnxTensor.createTensor(env, FloatBuffer.wrap(embedding), new long[]{1, 256, 64, 64}));
        decoderInputs.put("point_coords", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{300, 350, 0, 0}), new long[]{1, 2, 2}));
        decoderInputs.put("point_labels", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{1, -1}), new long[]{1, 2}));
        decoderInputs.put("mask_input", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[256 * 256]), new long[]{1, 1, 256, 256}));
        decoderInputs.put("has_mask_input", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{0}), new long[]{1}));
        decoderInputs.put("orig_im_size", OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[]{480, 640}), new long[]{2}));
    }

    @Benchmark
    public float encoder1024() throws OrtException {
        try (OrtSession.Result r = encoder.run(Map.of("image", image))) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        }
    }

    @Benchmark
    public float samOnnxDecoder640x480() throws OrtException {
        try (OrtSession.Result r = decoder.run(decoderInputs)) {
            return ((OnnxTensor) r.get("iou_predictions").orElseThrow()).getFloatBuffer().get(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        for (OnnxTensor t : decoderInputs.values()) {
            t.close();
        }
        image.close();
        decoder.close();
        encoder.close();
    }
}

package dev.findling.personalize.bench;

import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.sam.PointPrompt;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.personalize.Concept;
import dev.findling.personalize.LocationConfidenceMap;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * PerSAM's Java-side costs with the reference pack:
 * <ul>
 *   <li>{@code fineTuneFit}: PerSAM-F's 1000-step fit on a 1282×1282 reference (target ≤ 1 s median);</li>
 *   <li>{@code segmentOutsideDecoder}: one {@code segment(concept, embedding)} with the decoder's three
 *       results replayed from memory, i.e. everything outside OrtSession.run (target ≤ 15 ms at 1 MP,
 *       ≤ 60 ms at 12 MP).</li>
 * </ul>
 * Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=PerSamBenchmarks -pl personalize test}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PerSamBenchmarks {

    /** A scene: a textured background with a red ellipse. */
    static RgbImage scene(int w, int h, byte[] maskOut) {
        SplittableRandom r = new SplittableRandom(42);
        byte[] rgb = new byte[3 * w * h];
        double cx = w * 0.45, cy = h * 0.5, rx = w * 0.18, ry = h * 0.22;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double dx = (x - cx) / rx, dy = (y - cy) / ry;
                boolean in = dx * dx + dy * dy <= 1;
                int n = r.nextInt(16);
                if (in) {
                    rgb[3 * i] = (byte) (200 + n / 2);
                    rgb[3 * i + 1] = (byte) (40 + n);
                    rgb[3 * i + 2] = (byte) (45 + n);
                    if (maskOut != null) {
                        maskOut[i] = 1;
                    }
                } else {
                    int stripe = ((x + y) / 8) % 2 == 0 ? 30 : 0;
                    rgb[3 * i] = (byte) (90 + stripe + n);
                    rgb[3 * i + 1] = (byte) (120 + stripe + n);
                    rgb[3 * i + 2] = (byte) (100 + n);
                }
            }
        }
        return RgbImage.wrap(w, h, rgb);
    }

    @State(Scope.Benchmark)
    public static class FitState {
        DecoderResult multimask;
        BinaryMask mask;

        @Setup(Level.Trial)
        public void setUp() {
            ModelPack pack = ReferencePackFixture.pack();
            int side = 1282;
            byte[] bits = new byte[side * side];
            RgbImage ref = scene(side, side, bits);
            mask = BinaryMask.wrap(side, side, bits);
            PerSam perSam = new PerSam(pack, PerSamOptions.defaults());
            ImageEmbedding emb = pack.imageEncoder().encode(ref);
            Concept c = perSam.createConcept("bench", ref, mask, emb, false);
            LocationConfidenceMap.MapExtremum peak = LocationConfidenceMap.compute(emb, c.targetFeat()).maximum();
            multimask = pack.personalizationDecoder().decode(emb, DecoderPrompt.of(List.of(PointPrompt.positive(peak.x(), peak.y()))));
        }
    }

    @Benchmark
    public MaskMixingWeights fineTuneFit(FitState s) {
        return PerSamFineTuner.fit(s.multimask, s.mask, PerSamFineTuner.Resolution.LOW_RES);
    }

    /** Replays recorded decoder results so that only PerSAM's own work is timed. */
    static final class ReplayDecoder implements MaskDecoder {
        private final MaskDecoder real;
        private final List<DecoderResult> recorded = new ArrayList<>();
        private boolean replaying;
        private int next;

        ReplayDecoder(MaskDecoder real) {
            this.real = real;
        }

        public String dialect() {
            return real.dialect();
        }

        public boolean acceptsGuidance() {
            return real.acceptsGuidance();
        }

        public boolean acceptsMaskInput() {
            return real.acceptsMaskInput();
        }

        public DecoderResult decode(ImageEmbedding e, DecoderPrompt p) {
            if (!replaying) {
                DecoderResult r = real.decode(e, p);
                recorded.add(r);
                return r;
            }
            DecoderResult r = recorded.get(next);
            next = (next + 1) % recorded.size();
            return r;
        }
    }

    @State(Scope.Benchmark)
    public static class SegmentState {
        @Param({"1000x1000", "4000x3000"})
        public String size;
        PerSam perSam;
        Concept concept;
        ImageEmbedding embedding;

        @Setup(Level.Trial)
        public void setUp() {
            ModelPack pack = ReferencePackFixture.pack();
            byte[] refBits = new byte[640 * 480];
            RgbImage ref = scene(640, 480, refBits);
            String[] wh = size.split("x");
            RgbImage test = scene(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), null);
            ReplayDecoder replay = new ReplayDecoder(pack.personalizationDecoder());
            perSam = PerSam.of(pack.imageEncoder(), replay, pack.id(), PerSamOptions.defaults());
            concept = perSam.createConcept("bench", ref, BinaryMask.wrap(640, 480, refBits), pack.imageEncoder().encode(ref), false);
            embedding = pack.imageEncoder().encode(test);
            PerSamResult first = perSam.segment(concept, embedding);
            if (!first.found()) {
                throw new IllegalStateException("benchmark scene must contain the concept; score " + first.score());
            }
            replay.replaying = true;
        }
    }

    @Benchmark
    public PerSamResult segmentOutsideDecoder(SegmentState s) {
        return s.perSam.segment(s.concept, s.embedding);
    }
}

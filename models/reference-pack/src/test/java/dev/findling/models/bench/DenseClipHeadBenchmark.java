package dev.findling.models.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.findling.models.ModelPack;
import dev.findling.models.clip.ClipDialects;
import dev.findling.models.clip.DenseWindows;
import dev.findling.models.pack.Checksums;
import dev.findling.models.pack.DerivedHeads;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.clip.DenseEncoder;
import dev.findling.models.clip.DenseFeatures;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.testing.RealArchPack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The derived dense CLIP head on the tiny CLIP of {@code ../shared/data/real-arch} (real structure, width 192):
 * one 224-px window of the derived head ({@code window}), the stock export it was derived from on the same window
 * ({@code stockWindow}: the image embedder, whose CLIP resize and crop are the identity on a 224-px image), and a
 * whole photo through sliding windows ({@code photo}: cat/01.jpg, 1277×1277 → 448² frame → 9 windows). The
 * tear-down prints the windows per photo. How to carry these to ViT-B sizes: models/docs/dense-clip.md. Run (no
 * install needed): {@code mvn -o -q -pl models/reference-pack -am test-compile dependency:build-classpath
 * -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}, then {@code java -cp
 * models/reference-pack/target/test-classes:models/reference-pack/target/classes:$(cat models/reference-pack/cp.txt)
 * org.openjdk.jmh.Main DenseClipHeadBenchmark -bm sample -tu ms -wi 2 -i 5 -r 3
 * -jvmArgsAppend -Dfindling.repo.root=$PWD}; or with the bench profile as for every module.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class DenseClipHeadBenchmark {
    private Path dir;
    private ModelPack pack;
    private DenseEncoder dense;
    private RgbImage window;
    private RgbImage photo;
    private OrtSession headSession;
    private DenseEncoder oneWindow;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("findling-bench-dense-clip-");
        pack = ModelPack.open(RealArchPack.create(dir.resolve("pack"), "maskclip"), ExecutionSettings.defaults());
        dense = pack.denseEncoder().orElseThrow();
        Path realArch = dev.findling.models.testing.RealArchFixtures.dir();
        window = ImageDecoder.read(realArch.resolve("golden/clip/vision/cat00/pixels_224.png"), ImageLimits.DEFAULT);
        photo = ImageDecoder.read(realArch.resolve("../perseg-examples/cat/01.jpg").normalize(), ImageLimits.DEFAULT);
        ModelEntry entry = pack.entries().stream().filter(e -> e.role().equals(Dialects.DENSE_ENCODER)).findFirst().orElseThrow();
        Path head = DerivedHeads.location(pack.directory(), entry, Checksums.sha256(pack.directory().resolve(entry.file())));
        headSession = OrtEnvironment.getEnvironment().createSession(head.toString(), new OrtSession.SessionOptions());
        oneWindow = ClipDialects.slidingWindowEncoder(new BoundSession(entry, headSession), new DenseWindows(224, null));
    }

    @Benchmark
    public DenseFeatures window() {
        return oneWindow.encode(window);
    }

    @Benchmark
    public float[] stockWindow() {
        return pack.imageEmbedder().orElseThrow().embed(window);
    }

    @Benchmark
    public DenseFeatures photo() {
        return dense.encode(photo);
    }

    @TearDown
    public void tearDown() {
        System.out.println("[dense-clip] photo " + photo.width() + "×" + photo.height() + ": "
                + dense.runsFor(photo.width(), photo.height()) + " windows");
        try {
            headSession.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        pack.close();
    }
}

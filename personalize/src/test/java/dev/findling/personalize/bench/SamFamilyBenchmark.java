package dev.findling.personalize.bench;

import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.pack.importing.PackImporter;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.RealArchFixtures;
import dev.findling.models.testing.SamFamilyPacks;
import dev.findling.personalize.Concept;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.PerSamResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The SAM-family table a user reads to pick a model for a CPU library, in one run on one machine:
 * <ul>
 *   <li>{@code encode1MP}: the image encoder on a 1 MP photo (1277×783, the fixtures' cat), preprocessing included,
 *       for the MobileSAM architecture ({@code shared/data/real-arch}, encoder with in-graph preprocessing),
 *       EfficientSAM ViT-T and EdgeSAM ({@code shared/data/sam-family});</li>
 *   <li>{@code persamAfterEncoder}: PerSAM on that photo's cached embedding (confidence map, three decoder passes,
 *       post-processing; one instance), with each family's decoder.</li>
 * </ul>
 * Weights are random, so the figures are architecture costs, not quality. Run (from the repository root):
 * {@code mvn -o -q -pl personalize -am test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=/tmp/findling-cp.txt && java -cp personalize/target/test-classes:personalize/target/classes:$(cat
 * /tmp/findling-cp.txt) org.openjdk.jmh.Main SamFamilyBenchmark -jvmArgsAppend -Dfindling.repo.root=$PWD}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@State(Scope.Benchmark)
public class SamFamilyBenchmark {
    @Param({"mobilesam", "efficientsam", "edgesam"})
    public String family;

    private ModelPack pack;
    private PerSam persam;
    private RgbImage photo;
    private ImageEmbedding embedding;
    private Concept concept;

    @Setup
    public void setUp() throws Exception {
        Path work = Files.createTempDirectory("findling-sam-family-bench");
        Path dir = switch (family) {
            case "mobilesam" -> RealArchFixtures.linkInto(work.resolve("mobilesam"), false, RealArchFixtures.MOBILESAM_ENCODER,
                    RealArchFixtures.SAM_DECODER, RealArchFixtures.PERSAM_DECODER);
            case "efficientsam" -> SamFamilyPacks.pack(SamFamilyPacks.Family.EFFICIENTSAM, work);
            case "edgesam" -> SamFamilyPacks.pack(SamFamilyPacks.Family.EDGESAM, work);
            default -> throw new IllegalArgumentException(family);
        };
        if (family.equals("mobilesam")) {
            PackImporter.Report report = PackImporter.importFolder(dir, new PackImporter.Options("mobilesam-arch", "MobileSAM architecture", false));
            if (!report.ok()) {
                throw new IllegalStateException(report.toText());
            }
        }
        pack = ModelPack.open(dir, ExecutionSettings.defaults());
        persam = new PerSam(pack, new PerSamOptions(PerSamOptions.DEFAULT_PRESENCE_THRESHOLD, 1, false,
                PerSamOptions.DEFAULT_MAX_INSTANCE_OVERLAP));
        Path perseg = SamFamilyPacks.familyDir().resolveSibling("perseg-examples");
        RgbImage reference = ImageDecoder.read(perseg.resolve("cat/01.jpg"), ImageLimits.DEFAULT);
        BinaryMask mask = MaskImages.read(perseg.resolve("cat/01.png"), ImageLimits.DEFAULT);
        concept = persam.createConcept("cat", reference, mask, false);
        photo = SamFamilyPacks.rows(reference, 247, 1030); // 1277×783 ≈ 1.0 MP
        embedding = pack.imageEncoder().encode(photo);
    }

    @TearDown
    public void tearDown() {
        pack.close();
    }

    @Benchmark
    public ImageEmbedding encode1MP() {
        return pack.imageEncoder().encode(photo);
    }

    @Benchmark
    public PerSamResult persamAfterEncoder() {
        return persam.segment(concept, embedding);
    }
}

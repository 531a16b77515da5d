package dev.findling.app;

import dev.findling.index.WorkerShare;
import dev.findling.models.runtime.Device;
import dev.findling.models.runtime.ExecutionSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything configurable under {@code findling.*}, bound once from {@code application.yml}, environment
 * variables ({@code FINDLING_DATA_DIR} → {@code findling.data-dir} by Spring's relaxed binding), system
 * properties and command-line options. The server and every CLI command read their settings from this
 * one record; nothing else reads {@code findling.*} keys.
 *
 * @param dataDir        where Findling keeps its state (packs, indexes, caches); relative paths resolve
 *                       against the working directory
 * @param packDir        the model pack to open; by default the generated reference pack under the data dir
 * @param device         cpu, cuda or auto
 * @param deviceFallback when false, a requested CUDA device that cannot be used fails the pack load instead
 *                       of falling back to the CPU
 * @param intraOpThreads ONNX Runtime threads per operator; 0 lets the runtime choose
 * @param clip           CLIP tokenizer settings
 * @param library        the photo library (roots, index and cache settings)
 * @param demo           the demo album made on the server's first start
 * @param segmentation   text segmentation's calibration for the active pack
 * @param persam         PerSAM's calibration for the active pack
 */
@Validated
@ConfigurationProperties(prefix = "findling")
public record FindlingProperties(
        @NotNull Path dataDir,
        @NotNull Path packDir,
        @NotNull Device device,
        @DefaultValue("true") boolean deviceFallback,
        @PositiveOrZero @Max(1024) int intraOpThreads,
        @Valid @DefaultValue Clip clip,
        @Valid @DefaultValue Library library,
        @Valid @DefaultValue Demo demo,
        @Valid @DefaultValue Segmentation segmentation,
        @Valid @DefaultValue Persam persam) {

    @ConstructorBinding
    public FindlingProperties {
        // Absolute from the start: a relative path would otherwise mean different folders to different
        // components if anything ever changed the working directory, and error messages name real places.
        dataDir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        packDir = packDir == null ? null : packDir.toAbsolutePath().normalize();
        library = library == null ? Library.defaults() : library;
        demo = demo == null ? new Demo(false) : demo;
        segmentation = segmentation == null ? new Segmentation(null, null) : segmentation;
        persam = persam == null ? new Persam(null) : persam;
    }

    /** Without library and demo settings (their defaults; the demo off). */
    public FindlingProperties(Path dataDir, Path packDir, Device device, boolean deviceFallback, int intraOpThreads,
                              Clip clip) {
        this(dataDir, packDir, device, deviceFallback, intraOpThreads, clip, Library.defaults(), new Demo(false),
                new Segmentation(null, null), new Persam(null));
    }

    /** Without segmentation settings (the pack's defaults). */
    public FindlingProperties(Path dataDir, Path packDir, Device device, boolean deviceFallback, int intraOpThreads,
                              Clip clip, Library library, Demo demo) {
        this(dataDir, packDir, device, deviceFallback, intraOpThreads, clip, library, demo, new Segmentation(null, null),
                new Persam(null));
    }

    /**
     * The photo library ({@code findling.library.*}); see index/README.md for what each setting trades.
     *
     * @param roots           folders added as library roots at start (in addition to those added through the API or CLI)
     * @param patchGrid       side of the pooled patch grid per image (8 → 64 patch vectors)
     * @param hnswM           HNSW graph degree
     * @param hnswBeamWidth   HNSW construction beam width
     * @param quantizeVectors 7-bit scalar quantization of the stored vectors
     * @param cacheSizeMb     bound of the on-disk SAM embedding cache, in MiB
     * @param candidates      images retrieved by best patch and re-ranked by PerSAM per concept search
     * @param backend         where the index lives: {@code embedded} (Lucene in the data dir, the default) or
     *                        {@code solr} (a SolrCloud collection, {@code findling.library.solr.*})
     * @param solr            the SolrCloud collection when {@code backend=solr}
     * @param worker          with {@code backend=solr}, the share of every root this process ingests: {@code K/N} for
     *                        worker K of N (index/solr/README.md, "Several workers"); {@code 1/1}, everything, by default
     */
    public record Library(
            @DefaultValue List<Path> roots,
            @DefaultValue("8") @Min(1) @Max(64) int patchGrid,
            @DefaultValue("16") @Min(2) @Max(512) int hnswM,
            @DefaultValue("100") @Min(1) @Max(3200) int hnswBeamWidth,
            @DefaultValue("true") boolean quantizeVectors,
            @DefaultValue("5120") @Min(1) long cacheSizeMb,
            @DefaultValue("100") @Min(1) @Max(1000) int candidates,
            @DefaultValue("embedded") LibraryBackendKind backend,
            @DefaultValue @Valid Solr solr,
            @DefaultValue("1/1") String worker) {
        public Library {
            worker = WorkerShare.parse(worker == null ? "1/1" : worker).toString();
            roots = roots == null ? List.of() : roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            backend = backend == null ? LibraryBackendKind.EMBEDDED : backend;
            solr = solr == null ? Solr.defaults() : solr;
        }

        public static Library defaults() {
            return new Library(List.of(), 8, 16, 100, true, 5120, 100, LibraryBackendKind.EMBEDDED, Solr.defaults(), "1/1");
        }

        public WorkerShare workerShare() {
            return WorkerShare.parse(worker);
        }
    }

    /** Where the library's index lives. */
    public enum LibraryBackendKind { EMBEDDED, SOLR }

    /**
     * The library's SolrCloud collection ({@code findling.library.solr.*}); see index/solr/README.md.
     *
     * @param zkHost         ZooKeeper ensemble with optional chroot, {@code zk1:2181,zk2:2181/solr}
     * @param urls           Solr base URLs ({@code http://solr1:8983/solr}) when no zk-host is given
     * @param collection     collection name; created with its configset on first use
     * @param shards         shards when Findling creates the collection
     * @param replicas       replicas per shard when Findling creates the collection
     * @param childOverfetch nearest patches asked of each shard per wanted image (recall against latency)
     */
    public record Solr(
            String zkHost,
            @DefaultValue List<String> urls,
            @DefaultValue("findling-library") String collection,
            @DefaultValue("2") @Min(1) @Max(1024) int shards,
            @DefaultValue("2") @Min(1) @Max(16) int replicas,
            @DefaultValue("8") @Min(1) @Max(64) int childOverfetch) {
        public Solr {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }

        public static Solr defaults() {
            return new Solr(null, List.of(), "findling-library", 2, 2, 8);
        }
    }

    /**
     * The demo album ({@code findling.demo.*}): on the server's start, a small generated album with a known object
     * is added to the library, ingested and made into a concept, so that a search works right away.
     *
     * @param enabled whether to set it up (once per data dir)
     */
    public record Demo(@DefaultValue("true") boolean enabled) {
    }

    /**
     * Text segmentation ({@code findling.segmentation.*}). Unset values take the pack's defaults (the reference
     * pack's 0.5, learned packs' 0.22 and CLIP's logit scale 100); a learned pack's threshold is calibrated with
     * {@code findling calibrate} (models/docs/dense-clip.md).
     *
     * @param backgroundSimilarity the cosine a patch must reach for a class to claim it
     * @param logitScale           the softmax scale on cosines (the sharpness of class boundaries in coarse maps)
     */
    public record Segmentation(@DecimalMin("-1") @DecimalMax("1") Float backgroundSimilarity, @Positive Float logitScale) {
    }

    /**
     * PerSAM ({@code findling.persam.*}). Unset values take the personalize module's defaults.
     *
     * @param presenceThreshold the presence score a mask needs to count as the concept, for every concept search of
     *                          the server (the CLI's {@code find --threshold} overrides it per run). The default 0.92 is
     *                          calibrated on the reference pack; a learned pack's is chosen on the user's own photos
     *                          (personalize/README.md, docs/sam-family.md "Scores and the presence threshold")
     */
    public record Persam(@DecimalMin("0") @DecimalMax("1") Double presenceThreshold) {
    }

    /**
     * @param vocab the CLIP BPE vocabulary ({@code bpe_simple_vocab_16e6.txt.gz}); when unset the tokenizer
     *              looks in the data dir, next to the repository, then in the active pack
     */
    public record Clip(Path vocab) {
        public Clip {
            vocab = vocab == null ? null : vocab.toAbsolutePath().normalize();
        }
    }

    /** How the model pack's ONNX Runtime sessions are opened. */
    public ExecutionSettings executionSettings() {
        return new ExecutionSettings(device, !deviceFallback, intraOpThreads, false);
    }
}

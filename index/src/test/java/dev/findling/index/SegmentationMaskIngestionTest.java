package dev.findling.index;

import dev.findling.index.store.ImageDocument;
import dev.findling.index.store.IndexIdentity;
import dev.findling.index.store.LibraryIndex;
import dev.findling.index.store.PatchPooling;
import dev.findling.jobs.JobState;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Segmentation masks kept beside their photos (PerSeg, DreamBooth cleaning outputs) are recognised
 * during ingestion and recorded as skipped, never indexed — over the reference pack's real sessions.
 */
class SegmentationMaskIngestionTest {
    static final String MASK_REASON = "segmentation mask (2 values), not a photo";

    @TempDir
    Path tmp;
    Path photos;
    Path data;
    PhotoLibrary library;

    @BeforeEach
    void open() throws IOException {
        photos = Files.createDirectories(tmp.resolve("photos"));
        data = tmp.resolve("data");
        library = PhotoLibrary.open(data, PhotoLibraryTest.pack(), PhotoLibraryTest.settings());
    }

    @AfterEach
    void close() {
        if (library != null) {
            library.close();
        }
    }

    private IngestProgress ingest(String rootId, IngestMode mode) throws Exception {
        IngestProgress p = library.ingest(rootId, mode, IngestListener.NONE).await(PhotoLibraryTest.WAIT);
        assertEquals(JobState.COMPLETED, p.state(), p.message());
        return p;
    }

    private Set<String> indexedPaths(String rootId) {
        return library.images(rootId, 0, 1000).stream().map(ImageRecord::relativePath).collect(Collectors.toSet());
    }

    /** A photo, its PerSeg-style palette mask beside it, and a real grayscale photo. */
    private SyntheticScenes.Scene photoMaskAndGrayscalePhoto() throws IOException {
        SyntheticScenes.Scene scene = TestImages.sceneWithDisc(21);
        TestImages.jpeg(photos.resolve("cat/00.jpg"), scene.image());
        TestImages.paletteMaskPng(photos.resolve("cat/00.png"), scene.disc());
        TestImages.grayscalePng(photos.resolve("gray/portrait.png"), TestImages.withoutDisc(22));
        return scene;
    }

    @Test
    void aMaskBesideItsPhotoIsSkippedWithItsReasonAndNeverSearched() throws Exception {
        SyntheticScenes.Scene scene = photoMaskAndGrayscalePhoto();
        String root = library.addRoot(photos).id();
        List<FileFailure> reported = Collections.synchronizedList(new ArrayList<>());

        IngestProgress p = library.ingest(root, IngestMode.MISSING, new IngestListener() {
            @Override
            public void onFailure(FileFailure failure) {
                reported.add(failure);
            }
        }).await(PhotoLibraryTest.WAIT);

        assertEquals(JobState.COMPLETED, p.state(), p.message());
        assertEquals(3, p.total());
        assertEquals(2, p.processed(), "the photo and the grayscale photo");
        assertEquals(1, p.errors(), "the mask");
        FileFailure mask = new FileFailure(root, "cat/00.png", MASK_REASON);
        assertEquals(List.of(mask), reported);
        assertEquals(List.of(mask), library.failures(root));
        assertEquals(Set.of("cat/00.jpg", "gray/portrait.png"), indexedPaths(root));
        assertEquals(2, library.imageCount(root));
        assertTrue(library.findImage(root, "cat/00.png").isEmpty());
        assertEquals(2, library.cacheStats().entries(), "the mask was never encoded");

        // Neither concept nor text search can return it: asking for more than there is gives the two photos.
        ImageRecord photo = library.findImage(root, "cat/00.jpg").orElseThrow();
        float[] target = PhotoLibraryTest.targetFeat(library.embedding(photo.id()), scene);
        List<Candidate> candidates = library.candidates(target, 10);
        assertEquals(Set.of("cat/00.jpg", "gray/portrait.png"),
                candidates.stream().map(c -> c.image().relativePath()).collect(Collectors.toSet()));
        assertEquals("cat/00.jpg", candidates.get(0).image().relativePath());
        if (library.supportsTextSearch()) {
            List<TextHit> hits = library.textSearch(PhotoLibraryTest.pack().imageEmbedder().orElseThrow().embed(scene.image()), 10);
            assertEquals(Set.of("cat/00.jpg", "gray/portrait.png"),
                    hits.stream().map(h -> h.image().relativePath()).collect(Collectors.toSet()));
        }

        // Unchanged: a MISSING run does not look at it again; the reason stays listed.
        IngestProgress again = ingest(root, IngestMode.MISSING);
        assertEquals(0, again.processed());
        assertEquals(3, again.unchanged());
        assertEquals(0, again.errors());
        assertEquals(List.of(mask), library.failures(root));

        // ALL re-examines it, with the same verdict.
        IngestProgress all = ingest(root, IngestMode.ALL);
        assertEquals(2, all.processed());
        assertEquals(1, all.errors());
        assertEquals(List.of(mask), library.failures(root));

        // A changed file is re-examined: a photo saved over the mask is indexed and the record goes.
        Path file = TestImages.png(photos.resolve("cat/00.png"), TestImages.withDisc(23));
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        IngestProgress changed = ingest(root, IngestMode.MISSING);
        assertEquals(1, changed.processed());
        assertEquals(0, changed.errors());
        assertEquals(List.of(), library.failures(root));
        assertEquals(Set.of("cat/00.jpg", "cat/00.png", "gray/portrait.png"), indexedPaths(root));
    }

    @Test
    void imagesIndexedBeforeTheMaskRuleAreReexaminedOnceByAMissingRun() throws Exception {
        SyntheticScenes.Scene scene = photoMaskAndGrayscalePhoto();
        String root = library.addRoot(photos).id();
        ingest(root, IngestMode.MISSING);
        List<ImageRecord> current = library.images(root, 0, 10);
        library.close();
        library = null;

        // Rewrite the index as a version without the rule left it: all three files as images, no rule recorded.
        IndexSettings settings = PhotoLibraryTest.settings();
        LibraryModels models = LibraryModels.of(PhotoLibraryTest.pack());
        IndexIdentity identity = new IndexIdentity(models.packId(), models.patchDim(), models.globalDim(), settings.patchGrid());
        try (LibraryIndex index = LibraryIndex.open(data.resolve("index"), identity, new LibraryIndex.VectorFormatSettings(
                settings.hnswMaxConnections(), settings.hnswBeamWidth(), settings.quantizeVectors()))) {
            for (ImageRecord r : current) {
                Path file = photos.resolve(r.relativePath());
                byte[] bytes = Files.readAllBytes(file);
                index.upsert(legacyDocument(root, r.relativePath(), bytes, Files.getLastModifiedTime(file).toMillis(), settings));
            }
            Path maskFile = photos.resolve("cat/00.png");
            byte[] maskBytes = Files.readAllBytes(maskFile);
            index.upsert(legacyDocument(root, "cat/00.png", maskBytes, Files.getLastModifiedTime(maskFile).toMillis(), settings));
            index.commit();
        }
        library = PhotoLibrary.open(data, PhotoLibraryTest.pack(), settings);
        assertEquals(Set.of("cat/00.jpg", "cat/00.png", "gray/portrait.png"), indexedPaths(root), "the old index had the mask");

        IngestProgress p = ingest(root, IngestMode.MISSING);

        assertEquals(1, p.unchanged(), "the JPEG cannot be a mask: not even decoded");
        assertEquals(1, p.processed(), "the grayscale photo was re-examined and kept");
        assertEquals(1, p.errors(), "the mask was re-examined and skipped");
        assertEquals(Set.of("cat/00.jpg", "gray/portrait.png"), indexedPaths(root));
        assertEquals(List.of(new FileFailure(root, "cat/00.png", MASK_REASON)), library.failures(root));
        ImageRecord photo = library.findImage(root, "cat/00.jpg").orElseThrow();
        float[] target = PhotoLibraryTest.targetFeat(library.embedding(photo.id()), scene);
        assertFalse(library.candidates(target, 10).stream().anyMatch(c -> c.image().relativePath().equals("cat/00.png")));

        // Once re-examined, the rule is recorded: the next MISSING run touches nothing.
        IngestProgress again = ingest(root, IngestMode.MISSING);
        assertEquals(3, again.unchanged());
        assertEquals(0, again.processed());
        assertEquals(0, again.errors());
    }

    /** What ingestion wrote before there was a mask rule: any decodable file became an image, rule 0. */
    private static ImageDocument legacyDocument(String root, String relativePath, byte[] bytes, long mtime,
                                                IndexSettings settings) {
        ImageEmbedding e = PhotoLibraryTest.pack().imageEncoder().encode(ImageDecoder.read(bytes, ImageLimits.DEFAULT));
        var g = e.geometry();
        var patches = PatchPooling.pool(e, settings.patchGrid());
        var layout = PatchPooling.layout(e, settings.patchGrid());
        ImageRecord r = new ImageRecord(ImageAnalyzer.imageId(root, relativePath), root, relativePath,
                ImageAnalyzer.sha256(bytes), bytes.length, mtime, g.originalWidth(), g.originalHeight(),
                PhotoLibraryTest.pack().id(), patches.size(), false);
        return new ImageDocument(r, layout.rows(), layout.cols(), patches, null, 0);
    }

    @Test
    void perSegExamplesIndexExactlyTheirSixPhotos() throws Exception {
        String repoRoot = System.getProperty("findling.repo.root");
        assumeTrue(repoRoot != null, "system property findling.repo.root is not set (surefire sets it in the parent pom); "
                + "skipping the PerSeg examples check");
        Path examples = Path.of(repoRoot).resolve("../shared/data/perseg-examples").normalize();
        assumeTrue(Files.isDirectory(examples), "PerSeg examples not found at " + examples
                + " (<repo>/../shared/data/perseg-examples); skipping the real-dataset check");
        Set<String> jpegs;
        Set<String> masks;
        try (Stream<Path> files = Files.walk(examples)) {
            List<String> all = files.filter(Files::isRegularFile).map(f -> examples.relativize(f).toString().replace('\\', '/'))
                    .toList();
            jpegs = all.stream().filter(f -> f.endsWith(".jpg")).collect(Collectors.toSet());
            masks = all.stream().filter(f -> f.endsWith(".png")).collect(Collectors.toSet());
        }
        assertEquals(6, jpegs.size(), "cat/ and duck_toy/, 00-02 each");
        assertEquals(6, masks.size());
        String root = library.addRoot(examples).id();

        IngestProgress p = ingest(root, IngestMode.MISSING);

        assertEquals(12, p.total());
        assertEquals(6, p.processed());
        assertEquals(6, p.errors());
        assertEquals(jpegs, indexedPaths(root));
        List<FileFailure> failures = library.failures(root);
        assertEquals(masks, failures.stream().map(FileFailure::relativePath).collect(Collectors.toSet()));
        failures.forEach(f -> assertEquals(MASK_REASON, f.reason(), f.relativePath()));
    }
}

package dev.findling.index;

import dev.findling.jobs.JobState;
import dev.findling.models.testing.TestImages;
import dev.findling.index.solr.SharedSolrCloud;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.store.LibraryBackend;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code findling reindex --backend solr} does to a real album — photos through the reference pack's
 * encoder, half of them showing the object — and that concept search then answers as before: the library is
 * ingested into the embedded index, then rebuilt in a SolrCloud collection from the same data folder (roots
 * kept, embeddings from the cache), and every concept query returns the same top-10 images with the same
 * best-patch scores on both back ends.
 */
@ExtendWith(SharedSolrCloud.class)
class MovingALibraryToSolrCloudTest {
    private static final int PHOTOS = 24;
    private static final int QUERIES = 6;

    @TempDir
    Path tmp;

    @Test
    void aLibraryRebuiltOnSolrCloudAnswersEveryConceptQueryAsTheEmbeddedOneDid() throws Exception {
        Path photos = tmp.resolve("album");
        for (int i = 0; i < PHOTOS; i++) {
            TestImages.png(photos.resolve(String.format("photo-%02d.png", i)),
                    i % 2 == 0 ? TestImages.withDisc(700 + i) : TestImages.withoutDisc(700 + i));
        }
        Path data = tmp.resolve("data");
        LibraryModels models = LibraryModels.of(ReferencePackFixture.pack());
        IndexSettings settings = PhotoLibraryTest.settings();
        List<float[]> concepts = new ArrayList<>();
        for (int q = 0; q < QUERIES; q++) {
            SyntheticScenes.Scene reference = SyntheticScenes.render(SyntheticScenes.randomPlacement(96, 72, 900 + q));
            concepts.add(PhotoLibraryTest.targetFeat(ReferencePackFixture.pack().imageEncoder().encode(reference.image()), reference));
        }

        List<List<Candidate>> embedded = new ArrayList<>();
        try (PhotoLibrary library = PhotoLibrary.open(data, models, settings, LibraryBackend.embedded())) {
            String root = library.addRoot(photos).id();
            assertEquals(JobState.COMPLETED, library.ingest(root, IngestMode.ALL, IngestListener.NONE).await(Duration.ofMinutes(5)).state());
            for (float[] concept : concepts) {
                embedded.add(library.candidates(concept, 10));
            }
        }

        SolrBackend solr = new SolrBackend(SharedSolrCloud.cluster().newCollection("moved-album"));
        try (PhotoLibrary library = PhotoLibrary.reindex(data, models, settings, solr)) {
            LibraryRoot root = library.roots().get(0);
            IngestProgress rebuilt = library.ingest(root.id(), IngestMode.ALL, IngestListener.NONE).await(Duration.ofMinutes(5));
            assertEquals(JobState.COMPLETED, rebuilt.state(), rebuilt.message());
            assertEquals(PHOTOS, library.imageCount(root.id()));
            assertEquals(0, library.cacheStats().misses(), "every embedding came from the cache; nothing was re-encoded");
            for (int q = 0; q < QUERIES; q++) {
                List<Candidate> onSolr = library.candidates(concepts.get(q), 10);
                assertEquals(scores(embedded.get(q)).keySet(), scores(onSolr).keySet(), "top 10 of concept " + q);
                Map<String, Float> expected = scores(embedded.get(q));
                for (Candidate c : onSolr) {
                    assertEquals(expected.get(c.image().relativePath()), c.patchScore(), 1e-4, c.image().relativePath());
                }
            }
        }
    }

    private static Map<String, Float> scores(List<Candidate> candidates) {
        Map<String, Float> out = new HashMap<>();
        for (Candidate c : candidates) {
            out.put(c.image().relativePath(), c.patchScore());
        }
        return out;
    }
}

package dev.findling.index;

import dev.findling.jobs.JobState;
import dev.findling.models.testing.TestImages;
import dev.findling.index.solr.SharedSolrCloud;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrLibrarySettings;
import dev.findling.models.testing.ReferencePackFixture;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KillAndResumeTest} on SolrCloud: a worker JVM ingesting into the collection is killed (SIGKILL)
 * after a few commits; every committed image is there, a "missing" run processes exactly the rest, and
 * nothing is indexed twice (one parent and its patches per photo in the collection).
 */
@ExtendWith(SharedSolrCloud.class)
class SolrKillAndResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killedWorkerLosesAtMostOneBatchAndMissingModeResumesWithoutDuplicates() throws Exception {
        int images = KillAndResumeTest.IMAGES;
        Path photos = tmp.resolve("photos");
        for (int i = 0; i < images; i++) {
            TestImages.png(photos.resolve(String.format("p%02d.png", i)), TestImages.withDisc(500 + i));
        }
        Path data = tmp.resolve("data");
        SolrLibrarySettings collection = SharedSolrCloud.cluster().newCollection("kill-resume");
        String zkHost = SharedSolrCloud.cluster().cluster.getZkServer().getZkAddress();
        long patches;
        int committedBeforeKill = KillAndResumeTest.runChildUntilKilled(SolrIngestChildMain.class,
                data.toString(), photos.toString(), ReferencePackFixture.directory().toString(), zkHost, collection.collection());

        try (PhotoLibrary library = PhotoLibrary.open(data, LibraryModels.of(ReferencePackFixture.pack()),
                KillAndResumeTest.settings(), new SolrBackend(collection))) {
            String root = library.roots().get(0).id();
            int survived = library.imageCount(root);
            assertTrue(survived >= committedBeforeKill && survived < images,
                    survived + " images survived, " + committedBeforeKill + " were committed");

            IngestProgress resumed = library.ingest(root, IngestMode.MISSING, IngestListener.NONE).await(Duration.ofMinutes(2));

            assertEquals(JobState.COMPLETED, resumed.state(), resumed.message());
            assertEquals(images - survived, resumed.processed(), "only the files the killed run did not commit");
            assertEquals(survived, resumed.unchanged());
            assertEquals(images, library.imageCount(root));
            patches = library.images(root, 0, images).stream().mapToLong(ImageRecord::patchCount).sum();
        }
        CloudSolrClient solr = SharedSolrCloud.cluster().cluster.getSolrClient();
        assertEquals(images, solr.query(collection.collection(), new SolrQuery("kind:image").setRows(0)).getResults().getNumFound(),
                "one parent per photo");
        assertEquals(patches, solr.query(collection.collection(), new SolrQuery("kind:patch").setRows(0)).getResults().getNumFound(),
                "each photo's patches once");
    }
}

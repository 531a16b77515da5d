package dev.findling.index;

import dev.findling.jobs.JobState;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.TestImages;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety: a child JVM ingesting a folder is killed (SIGKILL, no shutdown hooks) after a few
 * commits; the index must open cleanly with every committed image, and a "missing" run must process
 * exactly the rest.
 */
class KillAndResumeTest {
    static final int IMAGES = 14;
    static final int COMMITS_BEFORE_KILL = 4;

    @TempDir
    Path tmp;

    /**
     * Runs {@code mainClass} (an ingest child printing "committed N" per commit) in a child JVM, kills it with
     * SIGKILL once it has reported {@value #COMMITS_BEFORE_KILL} commits and returns the last count it reported;
     * fails with the child's output unless it was killed mid-run.
     */
    static int runChildUntilKilled(Class<?> mainClass, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpath, mainClass.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        int committedBeforeKill = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("committed ")) {
                    committedBeforeKill = Integer.parseInt(line.substring("committed ".length()).trim());
                    if (committedBeforeKill >= COMMITS_BEFORE_KILL) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exits after the kill");
        }
        assertTrue(committedBeforeKill >= COMMITS_BEFORE_KILL && committedBeforeKill < IMAGES,
                "the child was killed mid-run; its output: " + output);
        return committedBeforeKill;
    }

    static IndexSettings settings() {
        return IndexSettings.defaults().withCommitEvery(2, Duration.ofMinutes(5)).withRerankThreads(1);
    }

    @Test
    void killedIngestionLosesAtMostOneBatchAndMissingModeResumes() throws Exception {
        Path photos = tmp.resolve("photos");
        for (int i = 0; i < IMAGES; i++) {
            TestImages.png(photos.resolve(String.format("p%02d.png", i)), TestImages.withDisc(500 + i));
        }
        Path data = tmp.resolve("data");
        Path packDir = ReferencePackFixture.directory();
        int committedBeforeKill = runChildUntilKilled(IngestChildMain.class,
                data.toString(), photos.toString(), packDir.toString());

        // The index is consistent after the kill (Lucene's own checker).
        try (FSDirectory dir = FSDirectory.open(data.resolve("index")); CheckIndex check = new CheckIndex(dir)) {
            assertTrue(check.checkIndex().clean, "index is clean after the kill");
        }

        try (PhotoLibrary library = PhotoLibrary.open(data, ReferencePackFixture.pack(), settings())) {
            String root = library.roots().get(0).id();
            int survived = library.imageCount(root);
            // Everything reported as committed survived (the child may have committed more before the
            // kill landed); uncommitted work — at most the batch in flight — is simply redone.
            assertTrue(survived >= committedBeforeKill && survived < IMAGES,
                    survived + " images survived, " + committedBeforeKill + " were committed");

            IngestProgress resumed = library.ingest(root, IngestMode.MISSING, IngestListener.NONE).await(Duration.ofMinutes(2));

            assertEquals(JobState.COMPLETED, resumed.state(), resumed.message());
            assertEquals(IMAGES - survived, resumed.processed(), "only the files the killed run did not commit");
            assertEquals(survived, resumed.unchanged());
            assertEquals(IMAGES, library.imageCount(root));
        }
    }
}

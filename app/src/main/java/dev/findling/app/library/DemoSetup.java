package dev.findling.app.library;

import dev.findling.app.FindlingProperties;
import dev.findling.app.concepts.ActivePerSam;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The demo album on the server's first start ({@code findling.demo.enabled}, on by default): generates
 * {@link DemoAlbum} into {@code <data-dir>/demo-album}, adds it — and {@code ../shared/data/perseg-examples} when
 * that folder exists — as library roots, creates the concept {@value #CONCEPT_ID} from the album's first photo and
 * its known mask, and queues the ingestions, so that a search works right after {@code ./findling}.
 *
 * <p>Once per data dir: a marker file ({@value #MARKER}, hidden, so never indexed) records that it ran; deleting the
 * concept or the root afterwards is respected. Only the server does this, never a CLI command.
 */
@Component
@ConditionalOnWebApplication
class DemoSetup {
    static final String FOLDER = "demo-album";
    static final String MARKER = ".findling-demo";
    static final String CONCEPT_ID = "demo-object";
    static final String CONCEPT_NAME = "demo object";
    private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

    private final FindlingProperties properties;
    private final LibraryService library;
    private final ActivePerSam perSam;
    private final ConceptStore concepts;
    private final JobRegistry jobs;

    DemoSetup(FindlingProperties properties, LibraryService library, ActivePerSam perSam, ConceptStore concepts,
              JobRegistry jobs) {
        this.properties = properties;
        this.library = library;
        this.perSam = perSam;
        this.concepts = concepts;
        this.jobs = jobs;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (!properties.demo().enabled()) {
            return;
        }
        Path folder = properties.dataDir().resolve(FOLDER);
        if (Files.exists(folder.resolve(MARKER))) {
            return;
        }
        try {
            setUp(folder);
        } catch (RuntimeException | IOException e) {
            // The demo is a convenience: a broken pack or a full disk is reported by the features themselves.
            log.warn("The demo album could not be set up: {}", e.getMessage());
        }
    }

    private void setUp(Path folder) throws IOException {
        PhotoLibrary lib = library.library();
        List<DemoAlbum.Photo> photos = DemoAlbum.write(folder, DemoAlbum.DEFAULT_COUNT, DemoAlbum.DEFAULT_SEED);
        LibraryRoot album = lib.addRoot(folder);
        // Relative to the working directory, i.e. beside the repository when started with ./findling.
        Path examples = Path.of("..", "shared", "data", "perseg-examples").toAbsolutePath().normalize();
        LibraryRoot persegRoot = null;
        if (Files.isDirectory(examples)) {
            try {
                persegRoot = lib.addRoot(examples);
            } catch (IllegalArgumentException e) {
                log.info("PerSeg examples not added to the library: {}", e.getMessage());
            }
        }
        jobs.submit("demo", "Creating the demo concept", context -> {
            DemoAlbum.Photo reference = photos.get(0);
            Concept made = perSam.require().createConcept(CONCEPT_NAME, reference.image(), reference.objectMask(), false);
            Concept demo = new Concept(CONCEPT_ID, made.name(), made.packId(), made.targetFeat(), made.targetEmbedding(),
                    made.thumbnailPng(), made.referenceMask(), made.fineTuneWeights(), Instant.now());
            if (!concepts.exists(CONCEPT_ID)) {
                concepts.save(demo);
            }
            return java.util.Map.of("conceptId", CONCEPT_ID, "links", java.util.Map.of(
                    "matches", "/concepts/" + CONCEPT_ID + "/matches"));
        });
        library.ingest(album.id(), IngestMode.MISSING);
        if (persegRoot != null) {
            library.ingest(persegRoot.id(), IngestMode.MISSING);
        }
        Files.writeString(folder.resolve(MARKER), "demo set up " + Instant.now() + "\n");
        log.info("Demo album: {} photos in {} (root '{}'){}; concept '{}' — see /library and /concepts/{}/matches",
                photos.size(), folder, album.id(), persegRoot == null ? "" : ", PerSeg examples (root '" + persegRoot.id() + "')",
                CONCEPT_NAME, CONCEPT_ID);
    }
}

package dev.findling.app.library;

import dev.findling.app.FindlingProperties;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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
 *
 * <p>Public only so that the end-to-end benchmark ({@code DemoAlbumSearchBench}) sets up exactly this demo without
 * Spring; nothing else in the application calls it.
 */
@Component
@ConditionalOnWebApplication
public class DemoSetup {
    /** The album's folder under the data dir. */
    public static final String FOLDER = "demo-album";
    static final String MARKER = ".findling-demo";
    /** The id of the concept made from the album's first photo. */
    public static final String CONCEPT_ID = "demo-object";
    static final String CONCEPT_NAME = "demo object";
    private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

    private final FindlingProperties properties;
    private final LibraryService library;
    private final ActivePerSam perSam;
    private final ConceptStore concepts;
    private final JobRegistry jobs;
    /** Added as a second root when it is a folder; null for none. */
    private final Path persegExamples;

    @Autowired
    DemoSetup(FindlingProperties properties, LibraryService library, ActivePerSam perSam, ConceptStore concepts,
              JobRegistry jobs) {
        // Relative to the working directory, i.e. beside the repository when started with ./findling.
        this(properties, library, perSam, concepts, jobs,
                Path.of("..", "shared", "data", "perseg-examples").toAbsolutePath().normalize());
    }

    /**
     * @param persegExamples the PerSeg examples folder, added as a second root when it exists; null leaves the
     *                       library to the demo album alone (what the benchmark does, so its figure is reproducible)
     */
    public DemoSetup(FindlingProperties properties, LibraryService library, ActivePerSam perSam, ConceptStore concepts,
                     JobRegistry jobs, Path persegExamples) {
        this.properties = properties;
        this.library = library;
        this.perSam = perSam;
        this.concepts = concepts;
        this.jobs = jobs;
        this.persegExamples = persegExamples;
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

    /**
     * What the first start does, without the once-per-data-dir check and with failures thrown rather than logged:
     * writes the album into {@code folder}, adds the roots, and queues the concept's creation and the ingestions
     * on the job registry (callers that need them done wait for those jobs).
     */
    public void setUp(Path folder) throws IOException {
        PhotoLibrary lib = library.library();
        List<DemoAlbum.Photo> photos = DemoAlbum.write(folder, DemoAlbum.DEFAULT_COUNT, DemoAlbum.DEFAULT_SEED);
        LibraryRoot album = lib.addRoot(folder);
        LibraryRoot persegRoot = null;
        if (persegExamples != null && Files.isDirectory(persegExamples)) {
            try {
                persegRoot = lib.addRoot(persegExamples);
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

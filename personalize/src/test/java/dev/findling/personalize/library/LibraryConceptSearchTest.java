package dev.findling.personalize.library;

import dev.findling.index.IndexSettings;
import dev.findling.index.IngestListener;
import dev.findling.index.IngestMode;
import dev.findling.index.LibraryRoot;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.SearchHit;
import dev.findling.index.SearchPage;
import dev.findling.index.SearchRequest;
import dev.findling.models.ModelPack;
import dev.findling.models.sam.DecoderPrompt;
import dev.findling.models.sam.DecoderResult;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.MaskDecoder;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import dev.findling.personalize.PerSamResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library concept search on an indexed folder of generated photos: PerSAM runs once per candidate, and a match's
 * mask comes from that run, whether the page, the API or {@code find --library} asks.
 */
class LibraryConceptSearchTest {
    static final AtomicInteger decodes = new AtomicInteger();

    @TempDir
    static Path dir;
    static PhotoLibrary library;
    static LibraryRoot root;
    static PerSam perSam;
    static Concept concept;

    @BeforeAll
    static void indexAFolder() throws Exception {
        ModelPack pack = ReferencePackFixture.pack();
        perSam = PerSam.of(pack.imageEncoder(), counting(pack.personalizationDecoder()), pack.id(), PerSamOptions.defaults());
        SyntheticScenes.Scene ref = SyntheticScenes.standardScene(320, 240, 1);
        concept = perSam.createConcept("red disc", ref.image(), ref.disc(), false);

        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 3; i++) {
            TestImages.png(photos.resolve("disc-" + i + ".png"), TestImages.withDisc(10 + i));
            TestImages.png(photos.resolve("plain-" + i + ".png"), TestImages.withoutDisc(20 + i));
        }
        library = PhotoLibrary.open(dir.resolve("data"), pack, IndexSettings.defaults().withRerankThreads(2));
        root = library.addRoot(photos);
        library.ingest(root.id(), IngestMode.ALL, IngestListener.NONE).await(Duration.ofMinutes(2));
    }

    @AfterAll
    static void close() {
        if (library != null) {
            library.close();
        }
    }

    @BeforeEach
    void resetCount() {
        decodes.set(0);
    }

    private static SearchRequest everything() {
        return SearchRequest.of(concept.targetFeat()).withCandidates(6).withPage(0, 6).withIncludeNotFound(true);
    }

    @Test
    void perSamRunsOncePerCandidateAndTheMaskComesFromThatRun() {
        LibraryConceptSearch search = new LibraryConceptSearch();
        SearchPage<LibraryConceptSearch.Match> first = search.search(library, perSam, concept, everything());
        assertEquals(6, first.hits().size());
        int afterFirst = decodes.get();
        assertTrue(afterFirst > 0);

        SearchPage<LibraryConceptSearch.Match> again = search.search(library, perSam, concept, everything());
        assertEquals(afterFirst, decodes.get(), "the second search re-ran only the index query");
        assertEquals(first.hits().stream().map(h -> h.image().id()).toList(),
                again.hits().stream().map(h -> h.image().id()).toList());

        SearchHit<LibraryConceptSearch.Match> best = first.hits().get(0);
        assertTrue(best.found(), "a photo with the disc ranks first");
        PerSamResult r = search.result(library, perSam, concept, best.image().id());
        assertEquals(afterFirst, decodes.get(), "the match's mask needs no second PerSAM run");
        assertEquals(best.detail().box(), r.box().orElseThrow());
    }

    @Test
    void aResultEvictedFromTheCacheIsComputedAgainTheSame() {
        LibraryConceptSearch remembering = new LibraryConceptSearch();
        LibraryConceptSearch forgetting = new LibraryConceptSearch(0, 1_000);
        SearchHit<LibraryConceptSearch.Match> best = remembering.search(library, perSam, concept, everything()).hits().get(0);
        forgetting.search(library, perSam, concept, everything());
        int before = decodes.get();
        PerSamResult recomputed = forgetting.result(library, perSam, concept, best.image().id());
        assertTrue(decodes.get() > before, "with no room for masks PerSAM runs again");
        assertEquals(remembering.result(library, perSam, concept, best.image().id()).mask(), recomputed.mask());
    }

    @Test
    void otherOptionsAreOtherDecisions() {
        LibraryConceptSearch search = new LibraryConceptSearch();
        search.search(library, perSam, concept, everything());
        int before = decodes.get();
        PerSam strict = perSam.withOptions(perSam.options().withPresenceThreshold(0.999));
        SearchPage<LibraryConceptSearch.Match> page = search.search(library, strict, concept, everything());
        assertTrue(decodes.get() > before, "a remembered decision at another threshold must not be reused");
        assertFalse(page.hits().stream().anyMatch(SearchHit::found));
    }

    @Test
    void aConceptOfAnotherPackIsRefusedBeforeAnythingRuns() {
        ModelPack pack = ReferencePackFixture.pack();
        PerSam otherPack = PerSam.of(pack.imageEncoder(), counting(pack.personalizationDecoder()), "other-pack",
                PerSamOptions.defaults());
        LibraryConceptSearch search = new LibraryConceptSearch();
        assertThrows(ConceptPackMismatchException.class, () -> search.search(library, otherPack, concept, everything()));
        assertEquals(0, decodes.get());
    }

    private static MaskDecoder counting(MaskDecoder d) {
        return new MaskDecoder() {
            @Override
            public String dialect() {
                return d.dialect();
            }

            @Override
            public boolean acceptsGuidance() {
                return d.acceptsGuidance();
            }

            @Override
            public boolean acceptsMaskInput() {
                return d.acceptsMaskInput();
            }

            @Override
            public DecoderResult decode(ImageEmbedding embedding, DecoderPrompt prompt) {
                decodes.incrementAndGet();
                return d.decode(embedding, prompt);
            }
        };
    }
}

package dev.findling.app.library;

import dev.findling.app.ControllerSlice;
import dev.findling.index.Candidate;
import dev.findling.index.FileFailure;
import dev.findling.index.ImageRecord;
import dev.findling.index.SearchHit;
import dev.findling.index.SearchPage;
import dev.findling.index.UnknownImageException;
import dev.findling.models.mask.PixelBox;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.library.LibraryConceptSearch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The library API's request and response mapping for concept matches and roots, over mocked services;
 * {@link LibraryServerTest} runs the library end to end.
 */
@WebMvcTest(LibraryApiController.class)
class LibraryApiControllerTest extends ControllerSlice {
    @MockitoBean
    LibraryService library;

    @MockitoBean
    ConceptMatches matches;

    private static SearchPage<LibraryConceptSearch.Match> onePage() {
        ImageRecord image = new ImageRecord("img-1", "shelf", "2024/disc.jpg", "ab12", 1234, 0, 640, 480,
                "findling-reference-v1", 64, true);
        var match = new LibraryConceptSearch.Match(new PixelBox(10, 20, 110, 140), 0.93f, 0.88f, true);
        SearchHit<LibraryConceptSearch.Match> hit = new SearchHit<>(new Candidate(image, 0.71f, 1, 2, 8, 8), true, 0.95, match);
        return new SearchPage<>(List.of(hit), 7, 20, 10, 40, List.of(new FileFailure("shelf", "gone.jpg", "file vanished")));
    }

    @Test
    void matchesAreAPageOfImagesWithBoxesScoresAndLinks() throws Exception {
        when(matches.search("c-1", 20, 10, 0.5, true)).thenReturn(onePage());
        mvc.perform(get("/api/concepts/c-1/matches").param("offset", "20").param("limit", "10")
                        .param("minScore", "0.5").param("includeNotFound", "true"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.conceptId").value("c-1"))
                .andExpect(jsonPath("$.total").value(7))
                .andExpect(jsonPath("$.offset").value(20))
                .andExpect(jsonPath("$.limit").value(10))
                .andExpect(jsonPath("$.candidates").value(40))
                .andExpect(jsonPath("$.items[0].imageId").value("img-1"))
                .andExpect(jsonPath("$.items[0].path").value("2024/disc.jpg"))
                .andExpect(jsonPath("$.items[0].found").value(true))
                .andExpect(jsonPath("$.items[0].score").value(0.95))
                .andExpect(jsonPath("$.items[0].box.x1").value(110))
                .andExpect(jsonPath("$.items[0].fineTuned").value(true))
                .andExpect(jsonPath("$.items[0].links.mask").value("/api/concepts/c-1/matches/img-1/mask.png"))
                .andExpect(jsonPath("$.failures[0].reason").value("file vanished"));
    }

    @Test
    void theDefaultsAreTheFirstTwentyFoundMatches() throws Exception {
        when(matches.search("c-1", 0, 20, 0, false)).thenReturn(onePage());
        mvc.perform(get("/api/concepts/c-1/matches")).andExpect(status().isOk());
        verify(matches).search("c-1", 0, 20, 0, false);
    }

    @Test
    void anUnknownConceptIs404AndOneOfAnotherPackIs409() throws Exception {
        when(matches.search(eq("nope"), anyInt(), anyInt(), anyDouble(), anyBoolean()))
                .thenThrow(new ConceptNotFoundException("nope"));
        when(matches.search(eq("old"), anyInt(), anyInt(), anyDouble(), anyBoolean()))
                .thenThrow(new ConceptPackMismatchException("old-pack", "new-pack"));
        mvc.perform(get("/api/concepts/nope/matches")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("nope")));
        mvc.perform(get("/api/concepts/old/matches")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Concept belongs to another model pack"));
    }

    @Test
    void aLimitOutOfRangeIs400() throws Exception {
        when(matches.search("c-1", 0, 500, 0, false))
                .thenThrow(new IllegalArgumentException("limit must be between 1 and 100 but is 500"));
        mvc.perform(get("/api/concepts/c-1/matches").param("limit", "500")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("limit")));
        mvc.perform(get("/api/concepts/c-1/matches").param("limit", "many")).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aMatchMaskIsAPng() throws Exception {
        when(matches.maskPng("c-1", "img-1")).thenReturn(new byte[] {9, 8, 7});
        mvc.perform(get("/api/concepts/c-1/matches/img-1/mask.png")).andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG)).andExpect(content().bytes(new byte[] {9, 8, 7}));
    }

    @Test
    void unknownRootsAndImagesAre404() throws Exception {
        when(library.root("nope")).thenThrow(new UnknownImageException("no library root 'nope'"));
        when(library.image("gone")).thenThrow(new UnknownImageException("no image 'gone'"));
        mvc.perform(get("/api/library/roots/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no library root 'nope'"))
                .andExpect(jsonPath("$.instance").value("/api/library/roots/nope"));
        mvc.perform(get("/api/library/images/gone")).andExpect(status().isNotFound());
    }
}

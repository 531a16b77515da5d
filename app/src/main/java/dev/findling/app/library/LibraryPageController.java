package dev.findling.app.library;

import dev.findling.app.packs.PackUnavailableException;
import dev.findling.index.PackMismatchException;
import dev.findling.index.SearchPage;
import dev.findling.index.UnknownImageException;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.library.LibraryConceptSearch;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;

/**
 * {@code /library} (roots with counts and last run, add a root, start/pause/resume ingestion with a live progress
 * bar, text search with thumbnails) and {@code /concepts/{id}/matches} (the concept's matches across the library with
 * mask overlays, scores and paging). Templates in {@code frontend/.../templates/library/}.
 */
@Controller
class LibraryPageController {
    static final int MATCHES_PER_PAGE = 12;
    static final int TEXT_RESULTS = 24;

    private final LibraryService library;
    private final ConceptMatches matches;
    private final ConceptStore concepts;

    LibraryPageController(LibraryService library, ConceptMatches matches, ConceptStore concepts) {
        this.library = library;
        this.matches = matches;
        this.concepts = concepts;
    }

    @GetMapping("/library")
    String library(@RequestParam(required = false) String q, @RequestParam(required = false) String added,
                   @RequestParam(required = false) String started, @RequestParam(required = false) Integer reindexed,
                   Model model, HttpServletResponse response) {
        model.addAttribute("reindexed", reindexed);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("added", added);
        model.addAttribute("started", started);
        try {
            List<LibraryService.RootView> roots = library.roots();
            model.addAttribute("roots", roots);
            model.addAttribute("totalImages", roots.stream().mapToInt(LibraryService.RootView::images).sum());
            model.addAttribute("textSearch", library.library().supportsTextSearch());
            model.addAttribute("concepts", concepts.list());
        } catch (PackUnavailableException | PackMismatchException e) {
            response.setStatus(e instanceof PackMismatchException ? 409 : 503);
            model.addAttribute("unavailable", e.getMessage());
            model.addAttribute("needsReindex", e instanceof PackMismatchException);
            return "library/index";
        }
        if (q != null && !q.isBlank()) {
            try {
                model.addAttribute("results", library.textSearch(q, TEXT_RESULTS));
            } catch (IllegalArgumentException | TextSearchUnavailableException e) {
                model.addAttribute("searchError", e.getMessage());
            }
        }
        return "library/index";
    }

    // Query parameters, not flash attributes, carry the outcome: the pages need no HTTP session.
    @PostMapping("/library/roots")
    String addRoot(@RequestParam(required = false) String path, Model model, RedirectAttributes redirect,
                   HttpServletResponse response) {
        try {
            LibraryService.RootView root = library.addRoot(path);
            redirect.addAttribute("added", root.id());
            return "redirect:/library";
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("path", path);
            return library(null, null, null, null, model, response);
        }
    }

    /** After a pack switch: rebuilds the index with the active pack and re-ingests every root in the background. */
    @PostMapping("/library/reindex")
    String reindex(Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            redirect.addAttribute("reindexed", library.reindex().size());
            return "redirect:/library";
        } catch (IllegalStateException e) {
            response.setStatus(409);
            model.addAttribute("error", e.getMessage());
            return library(null, null, null, null, model, response);
        }
    }

    @PostMapping("/library/roots/{id}/ingest")
    String ingest(@PathVariable String id, @RequestParam(defaultValue = "missing") String mode, Model model,
                  RedirectAttributes redirect, HttpServletResponse response) {
        try {
            library.ingest(id, LibraryApiController.parseMode(mode));
            redirect.addAttribute("started", id);
            return "redirect:/library";
        } catch (IllegalArgumentException | UnknownImageException e) {
            response.setStatus(e instanceof UnknownImageException ? 404 : 400);
            model.addAttribute("error", e.getMessage());
            return library(null, null, null, null, model, response);
        }
    }

    @GetMapping("/concepts/{id}/matches")
    String matches(@PathVariable String id, @RequestParam(defaultValue = "1") int page, Model model,
                   HttpServletResponse response) {
        Concept concept;
        try {
            concept = concepts.load(id);
        } catch (ConceptNotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no concept with id '" + id + "'.");
        }
        int p = Math.max(1, page);
        model.addAttribute("concept", concept);
        model.addAttribute("page", p);
        try {
            SearchPage<LibraryConceptSearch.Match> result = matches.search(id, (p - 1) * MATCHES_PER_PAGE, MATCHES_PER_PAGE,
                    Double.NEGATIVE_INFINITY, false);
            model.addAttribute("result", LibraryJson.Matches.of(id, result));
            model.addAttribute("pages", Math.max(1, (result.totalHits() + MATCHES_PER_PAGE - 1) / MATCHES_PER_PAGE));
            model.addAttribute("ingesting", library.ingesting());
        } catch (ConceptPackMismatchException | PackMismatchException e) {
            response.setStatus(409);
            model.addAttribute("unavailable", e.getMessage());
        } catch (PackUnavailableException e) {
            response.setStatus(503);
            model.addAttribute("unavailable", e.getMessage());
        }
        return "library/matches";
    }

}

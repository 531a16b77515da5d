package dev.findling.app.concepts;

import dev.findling.app.packs.ActivePack;
import dev.findling.app.packs.PackUnavailableException;
import dev.findling.models.ModelPack;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.FineTuningUnsupportedException;
import dev.findling.personalize.InvalidReferenceException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Optional;

/**
 * The concept pages: the list, the create page (upload a mask, or click to segment one — the clicking runs in
 * {@code /js/concepts.js} against the REST API) and a concept's page (test it on images). Plain form posts work
 * without JavaScript for creating and deleting.
 */
@Controller
@RequestMapping("/concepts")
class ConceptPageController {
    static final String MENU = "concepts";

    private final ConceptService concepts;
    private final ActivePack activePack;

    ConceptPageController(ConceptService concepts, ActivePack activePack) {
        this.concepts = concepts;
        this.activePack = activePack;
    }

    @GetMapping
    String list(Model model, HttpServletRequest request) {
        model.addAttribute("concepts", concepts.list().stream()
                .map(c -> ConceptJson.ConceptView.of(c, request.getContextPath())).toList());
        model.addAttribute("activePackId", activePackId().orElse(null));
        return "concepts/list";
    }

    @GetMapping("/new")
    String create(Model model) {
        model.addAttribute("form", new CreateForm("", false));
        return "concepts/new";
    }

    /** The form fields that survive a failed create. */
    public record CreateForm(String name, boolean fineTune) {
    }

    @PostMapping
    String create(@RequestParam(name = "image", required = false) MultipartFile image,
                  @RequestParam(name = "mask", required = false) MultipartFile mask,
                  @RequestParam(name = "name", required = false) String name,
                  @RequestParam(name = "fineTune", defaultValue = "false") boolean fineTune,
                  Model model, HttpServletResponse response) {
        model.addAttribute("form", new CreateForm(name == null ? "" : name, fineTune));
        String error;
        HttpStatus status;
        if (image == null || image.isEmpty() || mask == null || mask.isEmpty()) {
            error = "Choose both a reference image and its mask.";
            status = HttpStatus.BAD_REQUEST;
        } else {
            try {
                Concept concept = concepts.create(name, ConceptApiController.bytes(image), ConceptApiController.bytes(mask),
                        fineTune);
                return "redirect:/concepts/" + concept.id();
            } catch (InvalidReferenceException | FineTuningUnsupportedException e) {
                error = e.getMessage();
                status = HttpStatus.UNPROCESSABLE_ENTITY;
            } catch (ImageDecodeException e) {
                error = e.getMessage();
                status = switch (e.reason()) {
                    case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                    case TOO_MANY_BYTES, TOO_MANY_PIXELS -> HttpStatus.PAYLOAD_TOO_LARGE;
                    case CORRUPT -> HttpStatus.UNPROCESSABLE_ENTITY;
                };
            } catch (PackUnavailableException e) {
                error = e.getMessage();
                status = HttpStatus.SERVICE_UNAVAILABLE;
            }
        }
        response.setStatus(status.value());
        model.addAttribute("error", error);
        return "concepts/new";
    }

    @GetMapping("/{id}")
    String show(@PathVariable String id, Model model, HttpServletRequest request) {
        Concept concept = load(id);
        model.addAttribute("concept", ConceptJson.ConceptView.of(concept, request.getContextPath()));
        Optional<String> packId = activePackId();
        model.addAttribute("packMismatch", packId.isPresent() && !packId.get().equals(concept.packId()));
        model.addAttribute("maxInstancesLimit", ConceptService.MAX_INSTANCES_LIMIT);
        return "concepts/show";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        Concept concept = load(id);
        concepts.delete(id);
        // A query parameter, not a flash attribute: the pages need no HTTP session.
        redirect.addAttribute("deleted", concept.name());
        return "redirect:/concepts";
    }

    private Concept load(String id) {
        try {
            return concepts.get(id);
        } catch (ConceptNotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no concept with id '" + id + "'.");
        }
    }

    private Optional<String> activePackId() {
        return activePack.pack().map(ModelPack::id);
    }
}

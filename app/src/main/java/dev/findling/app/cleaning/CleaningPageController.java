package dev.findling.app.cleaning;

import dev.findling.app.jobs.JobRegistry;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.packs.PackUnavailableException;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.personalize.Concept;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.ConceptStoreException;
import dev.findling.personalize.InvalidReferenceException;
import dev.findling.personalize.cleaning.CleaningOptions;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/** The dataset-cleaning page: the form, then the run's live progress and, when done, its table and downloads. */
@Controller
@RequestMapping("/cleaning")
class CleaningPageController {
    static final String FORM_VIEW = "cleaning/index";
    static final String RUN_VIEW = "cleaning/run";

    /** What the form shows (again after an error). */
    record Form(String concept, String name, boolean fineTune, double minArea, double margin, boolean square,
                boolean rejectAmbiguous) {
        static Form defaults() {
            return new Form("", "", false, CleaningOptions.DEFAULT_MIN_AREA_RATIO, CleaningOptions.DEFAULT_CROP_MARGIN,
                    false, true);
        }
    }

    record PageError(String title, String detail) {
    }

    /** A concept in the form's list. */
    record ConceptChoice(String id, String name, boolean fineTuned) {
    }

    private final CleaningService cleaning;
    private final JobRegistry jobs;
    private final ConceptStore concepts;

    CleaningPageController(CleaningService cleaning, JobRegistry jobs, ConceptStore concepts) {
        this.cleaning = cleaning;
        this.jobs = jobs;
        this.concepts = concepts;
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("form", Form.defaults());
        model.addAttribute("concepts", conceptChoices());
        return FORM_VIEW;
    }

    @PostMapping
    String submit(@RequestParam(name = "concept", required = false) String concept,
                  @RequestPart(name = "reference", required = false) MultipartFile reference,
                  @RequestPart(name = "mask", required = false) MultipartFile mask,
                  @RequestParam(name = "name", required = false) String name,
                  @RequestParam(name = "fineTune", defaultValue = "false") boolean fineTune,
                  @RequestPart(name = "images", required = false) List<MultipartFile> images,
                  @RequestParam(name = "minArea", defaultValue = "0.02") double minArea,
                  @RequestParam(name = "margin", defaultValue = "0.1") double margin,
                  @RequestParam(name = "square", defaultValue = "false") boolean square,
                  @RequestParam(name = "rejectAmbiguous", defaultValue = "false") boolean rejectAmbiguous,
                  Model model, HttpServletResponse response) {
        Form form = new Form(concept == null ? "" : concept, name == null ? "" : name, fineTune, minArea, margin, square,
                rejectAmbiguous);
        try {
            CleaningOptions options = CleaningOptions.defaults().withMinAreaRatio(minArea).withCropMargin(margin)
                    .withSquareCrops(square).withRejectAmbiguous(rejectAmbiguous);
            JobStatus status = cleaning.submit(CleaningApiController.source(concept, reference, mask, fineTune, name),
                    CleaningApiController.uploads(images == null ? List.of() : images), options);
            return "redirect:/cleaning/" + status.id();
        } catch (ConceptNotFoundException e) {
            return failed(model, response, form, HttpStatus.NOT_FOUND, "Unknown concept", e.getMessage());
        } catch (ImageDecodeException e) {
            return failed(model, response, form, HttpStatus.UNPROCESSABLE_ENTITY, "An upload could not be read", e.getMessage());
        } catch (InvalidReferenceException e) {
            return failed(model, response, form, HttpStatus.UNPROCESSABLE_ENTITY, "Check the reference mask", e.getMessage());
        } catch (IllegalArgumentException e) {
            return failed(model, response, form, HttpStatus.BAD_REQUEST, "Check the form", e.getMessage());
        } catch (PackUnavailableException e) {
            return failed(model, response, form, HttpStatus.SERVICE_UNAVAILABLE, "The model pack is not loaded", e.getMessage());
        } catch (ErrorResponseException e) {
            String detail = e.getBody().getDetail();
            return failed(model, response, form, HttpStatus.valueOf(e.getStatusCode().value()), "Cannot start cleaning",
                    detail == null ? e.getMessage() : detail);
        }
    }

    @GetMapping("/{jobId}")
    String run(@PathVariable String jobId, Model model) {
        CleaningRun run = cleaning.run(jobId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no cleaning run with id '" + jobId + "'."));
        JobStatus status = jobs.find(jobId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no cleaning run with id '" + jobId + "'."));
        model.addAttribute("run", run);
        model.addAttribute("job", status);
        model.addAttribute("report", run.report().orElse(null));
        return RUN_VIEW;
    }

    private String failed(Model model, HttpServletResponse response, Form form, HttpStatus status, String title, String detail) {
        response.setStatus(status.value());
        model.addAttribute("form", form);
        model.addAttribute("concepts", conceptChoices());
        model.addAttribute("error", new PageError(title, detail));
        return FORM_VIEW;
    }

    private List<ConceptChoice> conceptChoices() {
        try {
            return concepts.list().stream()
                    .map((Concept c) -> new ConceptChoice(c.id(), c.name(), c.fineTuneWeights().isPresent())).toList();
        } catch (ConceptStoreException e) {
            return List.of();
        }
    }
}

package dev.findling.app.segmentation;

import dev.findling.app.packs.PackUnavailableException;
import dev.findling.models.image.ImageDecodeException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text segmentation page: a plain form (image, class names, mode) posted as multipart; the answer is the same
 * page with the overlay and a legend, or with the form kept and a message saying what to fix.
 */
@Controller
@RequestMapping("/segment")
class TextSegmentationPageController {
    static final String VIEW = "segmentation/text";
    private static final DateTimeFormatter EXPIRY_FORMAT = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final TextSegmentationService service;

    TextSegmentationPageController(TextSegmentationService service) {
        this.service = service;
    }

    /**
     * What the user typed, shown again with the result or the error.
     *
     * @param classes comma-separated class names
     * @param mode    coarse or refined
     */
    record Form(String classes, String mode) {
        static Form empty() {
            return new Form("", "refined");
        }
    }

    /** A failed submission: what went wrong and how to fix it. */
    record PageError(String title, String detail) {
    }

    @GetMapping
    String form(Model model) {
        model.addAttribute("form", Form.empty());
        return VIEW;
    }

    @PostMapping
    String submit(@RequestParam(name = "image", required = false) MultipartFile image,
                  @RequestParam(name = "classes", required = false) String classes,
                  @RequestParam(name = "mode", required = false) String mode,
                  Model model, HttpServletResponse response) throws IOException {
        Form form = new Form(classes == null ? "" : classes, mode == null || mode.isBlank() ? "refined" : mode.strip().toLowerCase(Locale.ROOT));
        model.addAttribute("form", form);
        if (image == null || image.isEmpty()) {
            return failed(model, response, HttpStatus.BAD_REQUEST, "No image",
                    "Choose an image file (JPEG, PNG, BMP, GIF or WebP) to segment.");
        }
        try {
            TextSegmentationReport report = service.segment(image.getBytes(), classes, mode).report();
            model.addAttribute("result", report);
            model.addAttribute("fileName", image.getOriginalFilename());
            model.addAttribute("expiresText", EXPIRY_FORMAT.format(report.expiresAt()));
            return VIEW;
        } catch (ImageDecodeException e) {
            HttpStatus status = switch (e.reason()) {
                case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                case TOO_MANY_PIXELS, TOO_MANY_BYTES -> HttpStatus.PAYLOAD_TOO_LARGE;
                case CORRUPT -> HttpStatus.UNPROCESSABLE_ENTITY;
            };
            return failed(model, response, status, "The image could not be read", e.getMessage());
        } catch (IllegalArgumentException e) {
            return failed(model, response, HttpStatus.BAD_REQUEST, "Check the class names", e.getMessage());
        } catch (TextSegmentationUnavailableException | PackUnavailableException e) {
            return failed(model, response, HttpStatus.SERVICE_UNAVAILABLE, "Text segmentation is not available", e.getMessage());
        }
    }

    private static String failed(Model model, HttpServletResponse response, HttpStatus status, String title, String detail) {
        response.setStatus(status.value());
        model.addAttribute("error", new PageError(title, detail));
        return VIEW;
    }
}

package dev.findling.app.segmentation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.time.Duration;

/** {@code /api/segment/text}: segment what a list of class names names, and serve the result's PNGs. */
@RestController
@RequestMapping("/api/segment/text")
@Tag(name = "text segmentation", description = "Open-vocabulary (SAM-CLIP style) segmentation from class names")
class TextSegmentationApiController {
    private static final String PROBLEM = "application/problem+json";

    private final TextSegmentationService service;

    TextSegmentationApiController(TextSegmentationService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Segment an image by class names",
            description = "Each comma-separated class gets a label (1, 2, … in query order; 0 is background), a mask as COCO RLE "
                    + "(uncompressed counts, column-major as pycocotools), its area, box and score, or — when it was not found — "
                    + "a message saying why (not understood by the pack, nothing similar enough, taken by another class). "
                    + "Coarse mode uses the dense features only; refined mode lets the SAM decoder follow object edges. The "
                    + "result is kept for a while so that its label-map, overlay and per-class mask PNGs can be fetched. "
                    + "Results of the generated reference pack come from classical colour and texture features, not a learned "
                    + "CLIP model, and say so in pack.label and notes.")
    @ApiResponse(responseCode = "200", description = "Segmented; classes that were not found have found=false and a message")
    @ApiResponse(responseCode = "400", description = "No class named, too many classes, a class too long, bad mode, or no image part",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "The image has too many pixels or bytes",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "The upload is not an image Findling reads (JPEG, PNG, BMP, GIF, WebP)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The image is damaged or cut short",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The model pack did not load, or has no text and dense encoders",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    TextSegmentationReport segment(
            @Parameter(description = "The photo: JPEG, PNG, BMP, GIF or WebP; EXIF orientation is applied")
            @RequestPart("image") MultipartFile image,
            @Parameter(description = "Class names separated by commas, e.g. \"red, blue\"", example = "red, blue")
            @RequestParam("classes") String classes,
            @Parameter(description = "coarse (dense features only) or refined (SAM decoder per class)",
                    schema = @Schema(allowableValues = {"coarse", "refined"}, defaultValue = "refined"))
            @RequestParam(name = "mode", required = false) String mode) throws IOException {
        return service.segment(image.getBytes(), classes, mode).report();
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A kept text segmentation result", description = "The same document the POST returned, while it is kept.")
    @ApiResponse(responseCode = "200", description = "The result")
    @ApiResponse(responseCode = "404", description = "Unknown or expired id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    TextSegmentationReport result(@PathVariable String id) {
        return service.result(id).report();
    }

    @GetMapping("/{id}/labels.png")
    @Operation(summary = "The label map as a PNG",
            description = "RGBA at the image's size: each class opaque in its legend colour (classes[].colour), background transparent.")
    @ApiResponse(responseCode = "200", description = "The label map", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE))
    @ApiResponse(responseCode = "404", description = "Unknown or expired id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> labels(@PathVariable String id) {
        return png(service.result(id).labelsPng());
    }

    @GetMapping("/{id}/overlay.png")
    @Operation(summary = "The image with the found classes tinted and outlined in their legend colours")
    @ApiResponse(responseCode = "200", description = "The overlay", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE))
    @ApiResponse(responseCode = "404", description = "Unknown or expired id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> overlay(@PathVariable String id) {
        return png(service.result(id).overlayPng());
    }

    @GetMapping("/{id}/classes/{label}/mask.png")
    @Operation(summary = "One class's mask as a 0/255 grayscale PNG", description = "label is the class's 1-based label.")
    @ApiResponse(responseCode = "200", description = "The mask", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE))
    @ApiResponse(responseCode = "404", description = "Unknown or expired id, or no class with that label",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> mask(@PathVariable String id, @PathVariable int label) {
        return png(service.result(id).maskPng(label));
    }

    /** Results never change; a client may keep their PNGs as long as the server keeps the result. */
    private ResponseEntity<byte[]> png(byte[] bytes) {
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePrivate())
                .body(bytes);
    }
}

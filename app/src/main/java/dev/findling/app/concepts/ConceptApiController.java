package dev.findling.app.concepts;

import dev.findling.app.system.NotFoundException;
import dev.findling.personalize.Concept;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Concepts over HTTP: create from a reference and mask, list, read, delete, and segment new images. */
@RestController
@RequestMapping(path = "/api/concepts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "concepts", description = "Personalised segmentation (PerSAM, PerSAM-F): one reference image and mask make "
        + "a concept that is then found and segmented in other images")
class ConceptApiController {
    private final ConceptService concepts;

    ConceptApiController(ConceptService concepts) {
        this.concepts = concepts;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Create a concept",
            description = "From a reference image and a mask of the object in it (same size; 0/1, 0/255, palette or "
                    + "RGBA-alpha masks all work). Instead of `image`, `imageId` reuses an image uploaded to "
                    + "POST /api/segment/prompt/images and its embedding. With fineTune=true PerSAM-F's two mixing "
                    + "weights are fitted on the reference (well under a second).")
    @ApiResponse(responseCode = "201", description = "Created; Location names the concept")
    @ApiResponse(responseCode = "404", description = "imageId is unknown or expired", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "An image has too many pixels or bytes", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "An upload is not an image", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Empty mask, mask of another size than the image, or a damaged image",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ConceptJson.ConceptView> create(
            @Parameter(description = "The reference image") @RequestPart(name = "image", required = false) MultipartFile image,
            @Parameter(description = "Instead of image: the id from POST /api/segment/prompt/images")
            @RequestParam(name = "imageId", required = false) String imageId,
            @Parameter(description = "The mask of the object in the reference image", required = true)
            @RequestPart("mask") MultipartFile mask,
            @Parameter(description = "Display name") @RequestParam(name = "name", required = false) String name,
            @Parameter(description = "Fit PerSAM-F's weights") @RequestParam(name = "fineTune", defaultValue = "false")
            boolean fineTune,
            HttpServletRequest request) {
        Concept concept;
        if (image != null && !image.isEmpty()) {
            concept = concepts.create(name, bytes(image), bytes(mask), fineTune);
        } else if (imageId != null && !imageId.isBlank()) {
            concept = concepts.createFromPromptImage(name, imageId.strip(), bytes(mask), fineTune);
        } else {
            throw new IllegalArgumentException("send the reference image as the multipart part 'image' "
                    + "(or 'imageId' from POST /api/segment/prompt/images)");
        }
        ConceptJson.ConceptView view = ConceptJson.ConceptView.of(concept, request.getContextPath());
        return ResponseEntity.created(URI.create(view.links().get("self"))).body(view);
    }

    @GetMapping
    @Operation(summary = "All concepts, newest first")
    List<ConceptJson.ConceptView> list(HttpServletRequest request) {
        return concepts.list().stream().map(c -> ConceptJson.ConceptView.of(c, request.getContextPath())).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One concept")
    @ApiResponse(responseCode = "404", description = "No concept has this id", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ConceptJson.ConceptView get(@PathVariable String id, HttpServletRequest request) {
        return ConceptJson.ConceptView.of(concepts.get(id), request.getContextPath());
    }

    @GetMapping(path = "/{id}/reference.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "Thumbnail of the concept's reference image (PNG, longest side at most 256)")
    ResponseEntity<byte[]> reference(@PathVariable String id) {
        return png(concepts.get(id).thumbnailPng());
    }

    @GetMapping(path = "/{id}/mask.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "The concept's reference mask (0/255 PNG at the reference image's size)")
    ResponseEntity<byte[]> mask(@PathVariable String id) {
        return png(dev.findling.models.image.MaskImages.toPng(concepts.get(id).referenceMask()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a concept")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No concept has this id", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    void delete(@PathVariable String id) {
        concepts.delete(id);
    }

    @PostMapping(path = "/{id}/segment", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Find and segment the concept in an image",
            description = "Decides presence from a calibrated score (found=false when the concept is absent, never a "
                    + "forced mask), reports the score either way, and with maxInstances > 1 finds further instances. "
                    + "Masks come as COCO RLE and as PNG links that stay valid for the most recent results.")
    @ApiResponse(responseCode = "200", description = "Segmented (found or not)")
    @ApiResponse(responseCode = "404", description = "No concept has this id", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The concept was made with another model pack", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "The upload is not an image", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ConceptJson.SegmentationView segment(
            @PathVariable String id,
            @Parameter(description = "The image to search", required = true) @RequestPart("image") MultipartFile image,
            @Parameter(description = "How many instances to look for (1–20)")
            @RequestParam(name = "maxInstances", defaultValue = "1") int maxInstances,
            HttpServletRequest request) {
        return ConceptJson.SegmentationView.of(concepts.segment(id, bytes(image), maxInstances), request.getContextPath());
    }

    @GetMapping(path = "/{id}/results/{resultId}/{file}", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "A PNG of a recent segmentation: mask.png, overlay.png or cutout.png")
    @ApiResponse(responseCode = "404", description = "Unknown or expired result", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Resource> resultFile(@PathVariable String id, @PathVariable String resultId, @PathVariable String file) {
        return concepts.resultFile(resultId, file)
                .<ResponseEntity<Resource>>map(p -> ResponseEntity.ok()
                        .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate())
                        .contentType(MediaType.IMAGE_PNG).body(new FileSystemResource(p)))
                .orElseThrow(() -> new NotFoundException("result file", resultId + "/" + file));
    }

    private static ResponseEntity<byte[]> png(byte[] bytes) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noCache()).body(bytes);
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload '" + file.getName() + "': " + e.getMessage(), e);
        }
    }
}

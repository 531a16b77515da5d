package dev.findling.app.concepts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.findling.app.system.NotFoundException;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.WorkingResolution;
import dev.findling.models.sam.BoxPrompt;
import dev.findling.models.sam.PointPrompt;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Click-to-segment with the pack's prompt decoder (plain SAM prompting, no personalisation): how a user makes a
 * reference mask without drawing one. Upload the image once, then send clicks; each answer has all four SAM masks.
 */
@RestController
@RequestMapping(path = "/api/segment/prompt", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "prompt", description = "Interactive SAM segmentation from clicks and boxes (to make a reference mask)")
class PromptApiController {
    private final PromptSegmentation prompts;
    private final ObjectMapper json;

    PromptApiController(PromptSegmentation prompts, ObjectMapper json) {
        this.prompts = prompts;
        this.json = json;
    }

    @Schema(description = "An uploaded, encoded image that clicks can refer to")
    record PromptImageView(String imageId, int width, int height, String packId, long encodeMillis) {
    }

    @Schema(description = "Prompts on an uploaded image (original-image pixels)")
    record PromptRequest(
            @Schema(description = "From POST /api/segment/prompt/images", requiredMode = Schema.RequiredMode.REQUIRED)
            String imageId,
            @Schema(description = "Clicks: positive (foreground) or negative (background)")
            List<ConceptJson.Point> points,
            @Schema(description = "Optional box") ConceptJson.Box box) {
    }

    @Schema(description = "One of SAM's four masks")
    record MaskView(
            @Schema(description = "0 = single-mask token, 1–3 = multimask tokens (finer to coarser in SAM)") int index,
            @Schema(description = "The decoder's own IoU estimate for this mask") float iouEstimate,
            long area,
            @Schema(description = "null when the mask is empty") ConceptJson.Box box,
            ConceptJson.Rle rle,
            @Schema(description = "0/255 PNG of this mask") String png) {
    }

    @Schema(description = "The four masks of one decoder run")
    record PromptResultView(String imageId, String resultId, int width, int height,
                            @Schema(description = "The mask SAM would pick: the best multimask output for a single "
                                    + "click, the single-mask output for several clicks or a box") int best,
                            List<MaskView> masks, List<ConceptJson.Point> points, ConceptJson.Box box,
                            long encodeMillis, long decodeMillis) {
    }

    @PostMapping(path = "/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload an image for click-to-segment",
            description = "Encodes the image once and keeps image and embedding in memory (least recently used first "
                    + "out) so follow-up clicks cost one decoder pass. An expired imageId answers 404: upload again.")
    @ApiResponse(responseCode = "201", description = "Encoded")
    @ApiResponse(responseCode = "415", description = "Not an image", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    PromptImageView upload(@RequestPart("image") MultipartFile image) {
        var kept = prompts.register(ImageDecoder.read(ConceptApiController.bytes(image), ImageLimits.DEFAULT, WorkingResolution.SAM));
        return view(kept);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Segment from clicks on an uploaded image",
            description = "Returns all four SAM masks with the decoder's IoU estimates, as COCO RLE and PNG links.")
    @ApiResponse(responseCode = "200", description = "Decoded")
    @ApiResponse(responseCode = "400", description = "No point and no box, or a prompt outside the image",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Unknown or expired imageId", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    PromptResultView decode(@RequestBody PromptRequest body, HttpServletRequest request) {
        if (body.imageId() == null || body.imageId().isBlank()) {
            throw new IllegalArgumentException("imageId is required: upload the image to POST /api/segment/prompt/images first "
                    + "(or send a multipart request with the image)");
        }
        return decode(prompts.image(body.imageId().strip()), body.points(), body.box(), request);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Segment from clicks, sending the image (or an imageId) in the same request",
            description = "points and box are JSON text fields, e.g. points=[{\"x\":120,\"y\":80,\"positive\":true}] and "
                    + "box={\"x0\":10,\"y0\":10,\"x1\":200,\"y1\":150}. A sent image is kept like an upload; its id is in the answer.")
    PromptResultView decodeMultipart(
            @Parameter(description = "The image (or use imageId)") @RequestPart(name = "image", required = false) MultipartFile image,
            @RequestParam(name = "imageId", required = false) String imageId,
            @Parameter(description = "JSON array of {x, y, positive}") @RequestParam(name = "points", required = false) String points,
            @Parameter(description = "JSON object {x0, y0, x1, y1}") @RequestParam(name = "box", required = false) String box,
            HttpServletRequest request) {
        PromptSegmentation.PromptImage kept;
        if (image != null && !image.isEmpty()) {
            kept = prompts.register(ImageDecoder.read(ConceptApiController.bytes(image), ImageLimits.DEFAULT, WorkingResolution.SAM));
        } else if (imageId != null && !imageId.isBlank()) {
            kept = prompts.image(imageId.strip());
        } else {
            throw new IllegalArgumentException("send the image as the multipart part 'image' or an 'imageId'");
        }
        List<ConceptJson.Point> pointList = points == null || points.isBlank() ? List.of()
                : parse(points, new TypeReference<List<ConceptJson.Point>>() { }, "points");
        ConceptJson.Box boxValue = box == null || box.isBlank() ? null : parse(box, new TypeReference<ConceptJson.Box>() { }, "box");
        return decode(kept, pointList, boxValue, request);
    }

    @GetMapping(path = "/results/{resultId}/{file}", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "A mask PNG of a recent decode: mask-0.png … mask-3.png")
    ResponseEntity<Resource> resultFile(@PathVariable String resultId, @PathVariable String file) {
        return prompts.file(resultId, file)
                .<ResponseEntity<Resource>>map(p -> ResponseEntity.ok()
                        .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate())
                        .contentType(MediaType.IMAGE_PNG).body(new FileSystemResource(p)))
                .orElseThrow(() -> new NotFoundException("prompt result file", resultId + "/" + file));
    }

    private PromptResultView decode(PromptSegmentation.PromptImage kept, List<ConceptJson.Point> points,
                                    ConceptJson.Box box, HttpServletRequest request) {
        List<PointPrompt> clicks = points == null ? List.of() : points.stream().map(ConceptJson.Point::toPrompt).toList();
        BoxPrompt boxPrompt = box == null ? null : new BoxPrompt(box.x0(), box.y0(), box.x1(), box.y1());
        if (clicks.isEmpty() && boxPrompt == null) {
            throw new IllegalArgumentException("give at least one point or a box");
        }
        PromptSegmentation.Decoded d = prompts.decode(kept, clicks, boxPrompt);
        String base = request.getContextPath() + "/api/segment/prompt/results/" + d.resultId() + "/";
        List<MaskView> masks = d.candidates().stream()
                .map(c -> new MaskView(c.index(), c.iouEstimate(), c.mask().area(), c.mask().box().map(ConceptJson.Box::of).orElse(null),
                        ConceptJson.Rle.of(c.mask()), base + PromptSegmentation.maskFile(c.index())))
                .toList();
        return new PromptResultView(kept.id(), d.resultId(), kept.image().sourceWidth(), kept.image().sourceHeight(), d.bestIndex(),
                masks, points == null ? List.of() : points, box, kept.encodeMillis(), d.decodeMillis());
    }

    private <T> T parse(String text, TypeReference<T> type, String field) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + field + "' is not valid JSON of the documented shape: "
                    + e.getOriginalMessage());
        }
    }

    private static PromptImageView view(PromptSegmentation.PromptImage kept) {
        return new PromptImageView(kept.id(), kept.image().sourceWidth(), kept.image().sourceHeight(), kept.embedding().packId(),
                kept.encodeMillis());
    }
}

package dev.findling.app.cleaning;

import dev.findling.app.jobs.JobStatus;
import dev.findling.personalize.cleaning.CleaningManifest;
import dev.findling.personalize.cleaning.CleaningOptions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** DreamBooth training-set cleaning over HTTP: submit a job, then download the cleaned set and its manifest. */
@RestController
@RequestMapping("/api/cleaning")
@Tag(name = "cleaning", description = "Clean a DreamBooth training set with PerSAM: mask and cut out the subject, "
        + "drop images where it is absent, too small or not alone")
class CleaningApiController {
    private final CleaningService cleaning;
    private final CleaningFiles files;

    CleaningApiController(CleaningService cleaning, CleaningFiles files) {
        this.cleaning = cleaning;
        this.files = files;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Clean a training set (background job)",
            description = "The subject is a stored concept (`concept`) or a reference image and mask (`reference` + "
                    + "`mask`). `images` is a zip archive of the set or the image files themselves (repeat the part); "
                    + "caption files (.txt, .caption) travel with their images. Answers 202 with the job's status; "
                    + "follow it at Location (GET /api/jobs/{id}, or /events for server-sent events). When it has "
                    + "completed, GET /api/cleaning/{jobId}/result.zip and /manifest.json.")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the job")
    @ApiResponse(responseCode = "400", description = "No images, an unsafe or unreadable zip, an option out of range, "
            + "or neither a concept nor a reference and mask", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "Unknown concept", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Empty mask, or a mask of another size than the reference",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<JobStatus> submit(
            @Parameter(description = "Id of a stored concept") @RequestParam(name = "concept", required = false) String concept,
            @Parameter(description = "Instead of concept: the reference image") @RequestPart(name = "reference", required = false)
            MultipartFile reference,
            @Parameter(description = "With reference: the subject's mask in it") @RequestPart(name = "mask", required = false)
            MultipartFile mask,
            @Parameter(description = "With reference: fit PerSAM-F's weights first") @RequestParam(name = "fineTune",
                    defaultValue = "false") boolean fineTune,
            @Parameter(description = "With reference: a name for the subject") @RequestParam(name = "name", required = false)
            String name,
            @Parameter(description = "A zip of the training images, or the images", required = true)
            @RequestPart(name = "images") List<MultipartFile> images,
            @Parameter(description = "Smallest fraction of the image the subject must cover")
            @RequestParam(name = "minArea", defaultValue = "0.02") double minArea,
            @Parameter(description = "Crop margin as a fraction of the subject box's longer side")
            @RequestParam(name = "margin", defaultValue = "0.1") double margin,
            @Parameter(description = "Square crops") @RequestParam(name = "square", defaultValue = "false") boolean square,
            @Parameter(description = "Reject images with a second instance of the subject")
            @RequestParam(name = "rejectAmbiguous", defaultValue = "true") boolean rejectAmbiguous) {
        CleaningOptions options = CleaningOptions.defaults().withMinAreaRatio(minArea).withCropMargin(margin)
                .withSquareCrops(square).withRejectAmbiguous(rejectAmbiguous);
        JobStatus status = cleaning.submit(source(concept, reference, mask, fineTune, name), uploads(images), options);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + status.id())).body(status);
    }

    @GetMapping(path = "/{jobId}/result.zip", produces = "application/zip")
    @Operation(summary = "The cleaned set as a zip", description = "manifest.json, manifest.csv and the folders images/, "
            + "masks/, cutouts/, on-white/, crops/, masked-loss/ (see the README).")
    @ApiResponse(responseCode = "404", description = "Unknown run", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The run has not completed", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<Resource> zip(@PathVariable String jobId) {
        CleaningRun run = files.completed(jobId);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("cleaned-" + jobId.substring(0, Math.min(8, jobId.length())) + ".zip").build().toString())
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(new FileSystemResource(run.zipFile()));
    }

    @GetMapping(path = "/{jobId}/manifest.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The run's manifest", description = "One object per input image: file, outputName, kept, reason "
            + "(absent, too-small, ambiguous, unreadable or null), score, box, maskAreaRatio, instances, width, height, "
            + "error, outputs.")
    ResponseEntity<Resource> manifest(@PathVariable String jobId) {
        CleaningRun run = files.completed(jobId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new FileSystemResource(run.outputDir().resolve(CleaningManifest.JSON_FILE)));
    }

    @GetMapping(path = "/{jobId}/manifest.csv", produces = "text/csv")
    @Operation(summary = "The run's manifest as CSV")
    ResponseEntity<Resource> manifestCsv(@PathVariable String jobId) {
        CleaningRun run = files.completed(jobId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .body(new FileSystemResource(run.outputDir().resolve(CleaningManifest.CSV_FILE)));
    }

    @GetMapping(path = "/{jobId}/images/{index}/thumbnail.jpg", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "A thumbnail of input image {index}", description = "Kept images show the subject's mask "
            + "outlined.")
    ResponseEntity<byte[]> thumbnail(@PathVariable String jobId, @PathVariable int index) {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate())
                .contentType(MediaType.IMAGE_JPEG).body(files.thumbnail(jobId, index));
    }

    static CleaningService.ConceptSource source(String concept, MultipartFile reference, MultipartFile mask,
                                                boolean fineTune, String name) {
        boolean hasConcept = concept != null && !concept.isBlank();
        boolean hasReference = reference != null && !reference.isEmpty();
        boolean hasMask = mask != null && !mask.isEmpty();
        if (hasConcept && (hasReference || hasMask)) {
            throw new IllegalArgumentException("send either 'concept' or 'reference' and 'mask', not both");
        }
        if (hasConcept) {
            return new CleaningService.ConceptSource.Stored(concept.strip());
        }
        if (hasReference && hasMask) {
            return new CleaningService.ConceptSource.Reference(name, bytes(reference), bytes(mask), fineTune);
        }
        throw new IllegalArgumentException("name the subject: a stored concept id as 'concept', or a reference image "
                + "as 'reference' with its mask as 'mask'");
    }

    static List<CleaningService.Upload> uploads(List<MultipartFile> files) {
        return files.stream().filter(f -> !f.isEmpty()).map(f -> (CleaningService.Upload) new CleaningService.Upload() {
            @Override
            public String originalFilename() {
                return f.getOriginalFilename();
            }

            @Override
            public InputStream open() throws IOException {
                return f.getInputStream();
            }
        }).toList();
    }

    private static byte[] bytes(MultipartFile f) {
        try {
            return f.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload " + f.getOriginalFilename(), e);
        }
    }
}

package dev.findling.app.library;

import dev.findling.app.jobs.JobStatus;
import dev.findling.index.IngestMode;
import dev.findling.index.PhotoLibrary;
import dev.findling.index.UnknownImageException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The photo library over HTTP: roots, ingestion jobs, images, concept matches and text search. */
@RestController
@Tag(name = "library", description = "Photo folders indexed for concept and text search")
class LibraryApiController {
    private final LibraryService library;
    private final ConceptMatches matches;

    LibraryApiController(LibraryService library, ConceptMatches matches) {
        this.library = library;
        this.matches = matches;
    }

    @GetMapping(path = "/api/library/roots", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Library roots", description = "Each root with its image and failure counts, its last ingestion run and its active job.")
    List<LibraryJson.Root> roots() {
        return library.roots().stream().map(LibraryJson.Root::of).toList();
    }

    @PostMapping(path = "/api/library/roots", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add a folder as a library root",
            description = "201 with the root; the same folder again returns the existing root. 400 when the folder does "
                    + "not exist or overlaps a root. Ingest it with POST /api/library/roots/{id}/ingest.")
    ResponseEntity<LibraryJson.Root> addRoot(@RequestBody LibraryJson.AddRoot body) {
        LibraryJson.Root root = LibraryJson.Root.of(library.addRoot(body == null ? null : body.path()));
        return ResponseEntity.created(URI.create("/api/library/roots/" + root.id())).body(root);
    }

    @GetMapping(path = "/api/library/roots/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One library root")
    LibraryJson.Root root(@PathVariable String id) {
        return LibraryJson.Root.of(library.root(id));
    }

    @DeleteMapping("/api/library/roots/{id}")
    @Operation(summary = "Remove a root", description = "Its index entries go; the files stay. 409 while it is being ingested.")
    ResponseEntity<Void> removeRoot(@PathVariable String id) {
        library.removeRoot(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/api/library/roots/{id}/ingest", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Ingest a root in the background",
            description = "202 with the job status and Location /api/jobs/{jobId}: follow it with GET /api/jobs/{jobId} or "
                    + "its event stream, pause/resume/cancel it there. mode=missing (default) processes new and changed "
                    + "files, mode=all every file (embeddings still come from the cache). A root already being ingested "
                    + "returns its running job.")
    ResponseEntity<JobStatus> ingest(@PathVariable String id,
                                     @Parameter(description = "missing | all") @RequestParam(defaultValue = "missing") String mode) {
        JobStatus job = library.ingest(id, parseMode(mode));
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + job.id())).body(job);
    }

    static IngestMode parseMode(String mode) {
        try {
            return IngestMode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be 'missing' or 'all' but is '" + mode + "'");
        }
    }

    @GetMapping(path = "/api/library/roots/{id}/failures", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Files of a root that could not be indexed, with the reasons")
    List<Map<String, String>> failures(@PathVariable String id) {
        return library.failures(id).stream().map(f -> Map.of("path", f.relativePath(), "reason", f.reason())).toList();
    }

    @GetMapping(path = "/api/library/roots/{id}/images", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A root's images, by path")
    LibraryJson.Images images(@PathVariable String id, @RequestParam(defaultValue = "0") int offset,
                              @RequestParam(defaultValue = "50") int limit) {
        if (limit > 500) {
            throw new IllegalArgumentException("limit must be at most 500 but is " + limit);
        }
        PhotoLibrary lib = library.library();
        lib.root(id);
        return new LibraryJson.Images(id, lib.imageCount(id), offset, limit,
                lib.images(id, offset, limit).stream().map(LibraryJson.Image::of).toList());
    }

    @GetMapping(path = "/api/library/roots/{id}/image", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The image at a path inside a root",
            description = "400 when the path escapes the root (absolute, '..', a link leading outside); 404 when it is not indexed.")
    LibraryJson.Image imageAt(@PathVariable String id, @RequestParam String path) {
        return library.library().findImage(id, path).map(LibraryJson.Image::of)
                .orElseThrow(() -> new UnknownImageException("no indexed image at '" + path + "' in root '" + id + "'"));
    }

    @GetMapping(path = "/api/library/images/{imageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One indexed image")
    LibraryJson.Image image(@PathVariable String imageId) {
        return LibraryJson.Image.of(library.image(imageId));
    }

    @GetMapping(path = "/api/library/images/{imageId}/thumbnail.jpg", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "An image's thumbnail (JPEG, longest side 256)")
    ResponseEntity<byte[]> thumbnail(@PathVariable String imageId) {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                .contentType(MediaType.IMAGE_JPEG).body(library.thumbnail(imageId));
    }

    @GetMapping("/api/library/images/{imageId}/file")
    @Operation(summary = "The image file as stored in its root")
    ResponseEntity<FileSystemResource> file(@PathVariable String imageId) {
        Path file = library.library().file(imageId);
        MediaType type = MediaTypeFactory.getMediaType(file.getFileName().toString()).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(new FileSystemResource(file));
    }

    @GetMapping(path = "/api/concepts/{id}/matches", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Find a concept across the library",
            description = "Candidates by the concept's target feature over the index's patch vectors, re-ranked by PerSAM "
                    + "(PerSAM-F when fine-tuned) on each image's cached embedding. Images where the concept is absent are "
                    + "left out unless includeNotFound=true. 409 when the concept was made with another pack.")
    LibraryJson.Matches matches(@PathVariable String id,
                                @RequestParam(defaultValue = "20") int limit,
                                @RequestParam(defaultValue = "0") int offset,
                                @RequestParam(defaultValue = "0") double minScore,
                                @RequestParam(defaultValue = "false") boolean includeNotFound) {
        return LibraryJson.Matches.of(id, matches.search(id, offset, limit, minScore, includeNotFound));
    }

    @GetMapping(path = "/api/concepts/{id}/matches/{imageId}/mask.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "The concept's mask in a library image (0/255; empty where the concept is absent)")
    ResponseEntity<byte[]> matchMask(@PathVariable String id, @PathVariable String imageId) {
        return png(matches.maskPng(id, imageId));
    }

    @GetMapping(path = "/api/concepts/{id}/matches/{imageId}/overlay.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "A library image with the concept's mask tinted")
    ResponseEntity<byte[]> matchOverlay(@PathVariable String id, @PathVariable String imageId) {
        return png(matches.overlayPng(id, imageId));
    }

    @GetMapping(path = "/api/search", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Search the library by text",
            description = "kNN over the images' global image-text vectors with the query's text embedding (the pack's "
                    + "CLIP space; the reference pack knows colour and texture words). understood=false with a message "
                    + "when the pack knows none of the query's words.")
    LibraryJson.TextSearch search(@RequestParam String q, @RequestParam(defaultValue = "20") int limit) {
        return LibraryJson.TextSearch.of(library.textSearch(q, limit));
    }

    private static ResponseEntity<byte[]> png(byte[] bytes) {
        return ResponseEntity.status(HttpStatus.OK).contentType(MediaType.IMAGE_PNG).body(bytes);
    }
}

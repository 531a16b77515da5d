package dev.findling.app.packs;

import dev.findling.app.jobs.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.findling.models.pack.PackException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The model pack the server runs on, the packs it can download, and switching between them. */
@RestController
@RequestMapping(path = "/api/packs", produces = "application/json")
@Tag(name = "packs", description = "The model pack the server runs on, and the known packs to download and use")
class PackApiController {
    private final ActivePack activePack;
    private final PackDownloads downloads;

    PackApiController(ActivePack activePack, PackDownloads downloads) {
        this.activePack = activePack;
        this.downloads = downloads;
    }

    @GetMapping("/active")
    @Operation(summary = "The active model pack",
            description = "Id, label, roles with their dialects and files, and the execution provider in use. "
                    + "The generated reference pack is marked reference=true: its features are classical, not learned.")
    @ApiResponse(responseCode = "200", description = "The pack is open")
    @ApiResponse(responseCode = "503", description = "The configured pack failed to load; detail says why",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    PackSummary active() {
        return PackSummary.of(activePack.require());
    }

    @Schema(description = "An installed pack folder to switch to")
    record SwitchRequest(@Schema(description = "The pack folder (holding pack.json)", requiredMode = Schema.RequiredMode.REQUIRED)
                         String directory) {
    }

    @PutMapping(path = "/active", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Switch the active pack without a restart",
            description = "Opens and checks the pack first; a pack that fails leaves the active one in place (422 with "
                    + "every problem). Work already running finishes on the old pack, which closes afterwards. Photo "
                    + "libraries are indexed per pack: after a switch the library asks for a reindex.")
    @ApiResponse(responseCode = "200", description = "Switched")
    @ApiResponse(responseCode = "422", description = "The folder is not a usable pack; detail lists why",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    PackSummary switchTo(@RequestBody SwitchRequest request) {
        if (request == null || request.directory() == null || request.directory().isBlank()) {
            throw new IllegalArgumentException("directory is required: the pack folder holding pack.json");
        }
        try {
            return PackSummary.of(activePack.switchTo(Path.of(request.directory().strip())));
        } catch (PackException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
            problem.setTitle("Not a usable model pack");
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, e);
        }
    }

    @GetMapping("/known")
    @Operation(summary = "The packs Findling can download",
            description = "Each with its contents, download size, licences, sources, and whether it is installed or active.")
    List<PackDownloads.KnownPackView> known() {
        return downloads.list();
    }

    @PostMapping("/known/{name}/download")
    @Operation(summary = "Download a known pack and use it",
            description = "202 with the job status and Location /api/jobs/{jobId}: the job downloads every file (pinned "
                    + "by SHA-256; files already there are kept), then switches the active pack to it. A pack already "
                    + "being downloaded returns its running job.")
    @ApiResponse(responseCode = "202", description = "Started")
    @ApiResponse(responseCode = "404", description = "No known pack has that name",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<JobStatus> download(@PathVariable String name) {
        JobStatus job = downloads.downloadAndUse(name);
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + job.id())).body(job);
    }
}

package dev.findling.app.packs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The model pack the server runs on. */
@RestController
@RequestMapping(path = "/api/packs", produces = "application/json")
@Tag(name = "packs", description = "The model pack the server runs on")
class PackApiController {
    private final ActivePack activePack;

    PackApiController(ActivePack activePack) {
        this.activePack = activePack;
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
}

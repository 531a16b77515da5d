package dev.findling.app.system;

import dev.findling.app.packs.PackUnavailableException;
import dev.findling.index.LibraryInUseException;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.pack.PackException;
import dev.findling.models.runtime.PackClosedException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Each core exception becomes a problem detail with the status that says whose fault it is. */
class ApiExceptionHandlerTest {

    @RestController
    static class FailingController {
        @GetMapping("/api/test/image/{reason}")
        String image(@PathVariable ImageDecodeException.Reason reason) {
            throw new ImageDecodeException(reason, "the image failed: " + reason);
        }

        @GetMapping("/api/test/bad-input")
        String badInput() {
            throw new IllegalArgumentException("mask is 640×480 but the image is 800×600");
        }

        @GetMapping("/api/test/pack")
        String pack() {
            throw new PackException("mask_decoder.onnx: input 'point_coords' has rank 2, expected 3");
        }

        @GetMapping("/api/test/pack-unavailable")
        String packUnavailable() {
            throw new PackUnavailableException(Path.of("/packs/x"), "pack.json is empty");
        }

        @GetMapping("/api/test/pack-closed")
        String packClosed() {
            throw new PackClosedException("encoder.onnx cannot run: its model pack was closed (the application is "
                    + "shutting down or switched packs); run the work again");
        }

        @GetMapping("/api/test/concepts/{id}")
        String concept(@PathVariable String id) {
            throw new NotFoundException("concept", id);
        }

        @GetMapping("/api/test/needs-parameter")
        String needsParameter(@RequestParam int limit) {
            return "limit " + limit;
        }

        @GetMapping("/api/test/library-in-use")
        String libraryInUse() {
            throw new LibraryInUseException("the library index at /data/library/index is in use by another Findling process",
                    null);
        }

        @GetMapping("/api/test/disk-full/library")
        String libraryDiskFull() {
            throw new dev.findling.index.LibraryException("cannot commit the library index at /data/library/index: "
                    + "fake disk full at 1234 bytes", new java.io.IOException("fake disk full at 1234 bytes"));
        }

        @GetMapping("/api/test/disk-full/segmentation")
        String segmentationDiskFull() {
            throw new java.io.UncheckedIOException("cannot store the result", new java.nio.file.FileSystemException(
                    "/data/segmentations/x/mask.png", null, "No space left on device"));
        }

        @GetMapping("/api/test/bug")
        String bug() {
            throw new IllegalStateException("secret internal state");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new ApiExceptionHandler())
            .build();

    @Test
    void unsupportedImageFormatIs415() throws Exception {
        expectProblem("/api/test/image/UNSUPPORTED_FORMAT", 415, "Unsupported image format")
                .andExpect(jsonPath("$.reason").value("UNSUPPORTED_FORMAT"));
    }

    @Test
    void imagesOverTheLimitsAre413() throws Exception {
        expectProblem("/api/test/image/TOO_MANY_PIXELS", 413, "Image has too many pixels");
        expectProblem("/api/test/image/TOO_MANY_BYTES", 413, "Image file is too large");
    }

    @Test
    void corruptImageIs422() throws Exception {
        expectProblem("/api/test/image/CORRUPT", 422, "Image is damaged")
                .andExpect(jsonPath("$.detail").value("the image failed: CORRUPT"));
    }

    @Test
    void badInputIs400WithTheMessage() throws Exception {
        expectProblem("/api/test/bad-input", 400, "Bad request")
                .andExpect(jsonPath("$.detail").value("mask is 640×480 but the image is 800×600"))
                .andExpect(jsonPath("$.instance").value("/api/test/bad-input"));
    }

    @Test
    void packErrorIs500AndUnavailablePackIs503() throws Exception {
        expectProblem("/api/test/pack", 500, "Model pack error");
        expectProblem("/api/test/pack-unavailable", 503, "Model pack unavailable")
                .andExpect(jsonPath("$.packDirectory").value(Path.of("/packs/x").toString()));
    }

    @Test
    void aRunRefusedByAClosedPackIs503SayingToRunAgain() throws Exception {
        expectProblem("/api/test/pack-closed", 503, "Model pack closed")
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("run the work again")));
    }

    @Test
    void unknownIdIs404() throws Exception {
        expectProblem("/api/test/concepts/c-42", 404, "Not found")
                .andExpect(jsonPath("$.detail").value("There is no concept with id 'c-42'."));
    }

    @Test
    void missingOrMalformedParameterIs400() throws Exception {
        expectProblem("/api/test/needs-parameter", 400, "Bad Request");
        expectProblem("/api/test/needs-parameter?limit=ten", 400, "Bad Request");
    }

    @Test
    void aLibraryHeldByAnotherProcessIs503WithRetryAfter() throws Exception {
        expectProblem("/api/test/library-in-use", 503, "Library in use by another process")
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("in use by another Findling process")))
                .andExpect(header().string("Retry-After", "30"));
    }

    @Test
    void aFullDiskIs507ThatSaysSoWhereverItHappened() throws Exception {
        for (String where : new String[]{"library", "segmentation"}) {
            expectProblem("/api/test/disk-full/" + where, 507, "Disk full")
                    .andExpect(jsonPath("$.reason").value("DISK_FULL"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Free some space")))
                    .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/data/"))));
        }
    }

    @Test
    void unexpectedErrorIs500WithoutInternals() throws Exception {
        expectProblem("/api/test/bug", 500, "Internal server error")
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret"))));
    }

    private ResultActions expectProblem(String path, int status, String title) throws Exception {
        return mvc.perform(get(path).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").value(title))
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }
}

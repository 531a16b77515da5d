package dev.findling.app.system;

import dev.findling.index.LibraryException;
import dev.findling.index.LibraryInUseException;
import dev.findling.index.PackMismatchException;
import dev.findling.index.PathOutsideRootException;
import dev.findling.index.UnknownImageException;
import dev.findling.models.image.ImageDecodeException;
import dev.findling.models.pack.PackException;
import dev.findling.models.runtime.ModelExecutionException;
import dev.findling.models.runtime.PackClosedException;
import dev.findling.models.sam.CandidatesUnavailableException;
import dev.findling.personalize.ConceptNotFoundException;
import dev.findling.personalize.ConceptPackMismatchException;
import dev.findling.personalize.ConceptStoreException;
import dev.findling.personalize.EmptyMaskException;
import dev.findling.personalize.FineTuningUnsupportedException;
import dev.findling.personalize.MaskSizeMismatchException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/**
 * RFC 9457 problem details for everything the REST controllers throw: Spring MVC's own errors (bad parameters,
 * unreadable bodies, upload limits — handled by the base class) and the core modules' exceptions, mapped to the
 * status that says whose fault it is. Errors raised before a controller is chosen (unknown path, wrong method)
 * become problem details in {@link ErrorPageController}. Page controllers keep Spring Boot's HTML error page.
 *
 * <p>Features add handlers for their own exceptions here, next to the ones below.
 */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** An ingestion from the command line takes minutes; asking again every half minute is enough. */
    static final long LIBRARY_IN_USE_RETRY_SECONDS = 30;

    @ExceptionHandler(PackException.class)
    ProblemDetail packFailure(PackException e, HttpServletRequest request) {
        log.error("Model pack error on {}", request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Model pack error", e.getMessage(), request);
    }

    /** The pack's decoder is a single-mask export: the fix is another pack, on the server, as for missing features. */
    @ExceptionHandler(CandidatesUnavailableException.class)
    ProblemDetail candidatesUnavailable(CandidatesUnavailableException e, HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "The model pack's decoder returns one mask", e.getMessage(), request);
    }

    /** Work that had taken a pack switched out (or closing at shutdown) asked it for another run: nothing ran. */
    @ExceptionHandler(PackClosedException.class)
    ProblemDetail packClosed(PackClosedException e, HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Model pack closed", e.getMessage(), request);
    }

    @ExceptionHandler(ModelExecutionException.class)
    ProblemDetail modelFailure(ModelExecutionException e, HttpServletRequest request) {
        log.error("Model execution failed on {}", request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Model execution failed", e.getMessage(), request);
    }

    @ExceptionHandler(ImageDecodeException.class)
    ProblemDetail undecodableImage(ImageDecodeException e, HttpServletRequest request) {
        HttpStatus status = switch (e.reason()) {
            case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case TOO_MANY_PIXELS, TOO_MANY_BYTES -> HttpStatus.PAYLOAD_TOO_LARGE;
            case CORRUPT -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        String title = switch (e.reason()) {
            case UNSUPPORTED_FORMAT -> "Unsupported image format";
            case TOO_MANY_PIXELS -> "Image has too many pixels";
            case TOO_MANY_BYTES -> "Image file is too large";
            case CORRUPT -> "Image is damaged";
        };
        ProblemDetail problem = problem(status, title, e.getMessage(), request);
        problem.setProperty("reason", e.reason().name());
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), request);
    }

    // personalize (concepts): typed reference errors are 422 — the upload was an image, but not a usable reference.
    @ExceptionHandler(EmptyMaskException.class)
    ProblemDetail emptyMask(EmptyMaskException e, HttpServletRequest request) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Empty mask", e.getMessage(), request);
    }

    @ExceptionHandler(MaskSizeMismatchException.class)
    ProblemDetail maskSizeMismatch(MaskSizeMismatchException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "Mask size does not match the image",
                e.getMessage(), request);
        problem.setProperty("maskWidth", e.maskWidth());
        problem.setProperty("maskHeight", e.maskHeight());
        problem.setProperty("imageWidth", e.imageWidth());
        problem.setProperty("imageHeight", e.imageHeight());
        return problem;
    }

    /**
     * PerSAM-F on a decoder with fewer than three multimask candidates: the request is well formed, but this pack's
     * decoder cannot serve it; the same request without {@code fineTune} works (docs/sam-family.md).
     */
    @ExceptionHandler(FineTuningUnsupportedException.class)
    ProblemDetail fineTuningUnsupported(FineTuningUnsupportedException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "Fine-tuning is not possible with this decoder",
                e.getMessage(), request);
        problem.setProperty("dialect", e.dialect());
        problem.setProperty("multimaskCandidates", e.multimaskCandidates());
        return problem;
    }

    @ExceptionHandler(ConceptNotFoundException.class)
    ProblemDetail conceptNotFound(ConceptNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not found", "There is no concept with id '" + e.id() + "'.", request);
    }

    @ExceptionHandler(ConceptPackMismatchException.class)
    ProblemDetail conceptPackMismatch(ConceptPackMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "Concept belongs to another model pack", e.getMessage(), request);
    }

    @ExceptionHandler(ConceptStoreException.class)
    ProblemDetail conceptStoreFailure(ConceptStoreException e, HttpServletRequest request) {
        if (DiskFull.isCause(e)) {
            return diskFull(e, request);
        }
        log.error("Concept store error on {}", request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Concept store error", e.getMessage(), request);
    }

    // index (library): a path escaping its root is the client's fault; an index of another pack needs `findling reindex`.
    @ExceptionHandler(PathOutsideRootException.class)
    ProblemDetail pathOutsideRoot(PathOutsideRootException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Path outside the library root", e.getMessage(), request);
        problem.setProperty("rootId", e.rootId());
        problem.setProperty("path", e.path());
        return problem;
    }

    @ExceptionHandler(UnknownImageException.class)
    ProblemDetail unknownLibraryItem(UnknownImageException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), request);
    }

    @ExceptionHandler(PackMismatchException.class)
    ProblemDetail libraryPackMismatch(PackMismatchException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Library index belongs to another model pack", e.getMessage(),
                request);
        problem.setProperty("command", PackMismatchException.REINDEX_COMMAND);
        return problem;
    }

    /** Another process (an {@code index} or {@code reindex} command) holds the library: try again when it is done. */
    @ExceptionHandler(LibraryInUseException.class)
    ResponseEntity<ProblemDetail> libraryInUse(LibraryInUseException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Library in use by another process",
                e.getMessage(), request);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(LIBRARY_IN_USE_RETRY_SECONDS)).body(problem);
    }

    @ExceptionHandler(LibraryException.class)
    ProblemDetail libraryFailure(LibraryException e, HttpServletRequest request) {
        if (DiskFull.isCause(e)) {
            return diskFull(e, request);
        }
        log.error("Photo library error on {}", request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Photo library error", e.getMessage(), request);
    }

    /**
     * 507 Insufficient Storage (RFC 4918 §11.5: the server "is unable to store the representation needed to complete
     * the request"): the disk of the data folder is full. Nothing committed before was lost; the same request works
     * once space is freed, without a restart.
     */
    static ProblemDetail diskFull(Throwable e, HttpServletRequest request) {
        log.error("Disk full on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        ProblemDetail problem = problem(HttpStatus.INSUFFICIENT_STORAGE, "Disk full",
                "The disk that holds Findling's data folder is full, so the result could not be stored. Free some "
                        + "space and try again; nothing saved before was lost, and no restart is needed.", request);
        problem.setProperty("reason", "DISK_FULL");
        return problem;
    }

    /** The core modules reject bad input with IllegalArgumentException (and subclasses such as TokenizerException). */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), request);
    }

    /** Anything else is our fault: log it in full, tell the client no internals. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof ErrorResponse || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            // Exceptions that carry their own status: let Spring resolve it; /error renders the problem detail.
            throw e;
        }
        if (DiskFull.isCause(e)) {
            return diskFull(e, request);
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error",
                "The server failed to handle the request; its log has the details.", request);
    }

    /** Base-class problems (400 for a bad parameter, 413 for an upload over the limit, …) get the request path as instance. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getInstance() == null
                && request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
            problem.setInstance(URI.create(servletRequest.getRequestURI()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }
}

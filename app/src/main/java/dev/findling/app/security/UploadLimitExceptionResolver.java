package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;

/**
 * An upload over {@code findling.limits.max-file-size} / {@code max-request-size}, with more parts than
 * {@code server.tomcat.max-part-count} or a part header (its file name) over {@code server.tomcat.max-part-header-size}
 * is detected while the servlet container parses the multipart body — before any controller is chosen, so no
 * {@code @RestControllerAdvice} applies — and would end as an empty 413 or a generic 500. This answers such API
 * requests with a problem detail that says which limit was hit; browsers posting a page form keep Spring Boot's error
 * page path.
 */
@Component
class UploadLimitExceptionResolver implements HandlerExceptionResolver, Ordered {
    private final DataSize maxFileSize;
    private final DataSize maxRequestSize;

    private final int maxParts;
    private final DataSize maxPartHeaderSize;

    UploadLimitExceptionResolver(@Value("${findling.limits.max-file-size:200MB}") DataSize maxFileSize,
                                 @Value("${findling.limits.max-request-size:220MB}") DataSize maxRequestSize,
                                 @Value("${server.tomcat.max-part-count:50}") int maxParts,
                                 @Value("${server.tomcat.max-part-header-size:512B}") DataSize maxPartHeaderSize) {
        this.maxFileSize = maxFileSize;
        this.maxRequestSize = maxRequestSize;
        this.maxParts = maxParts;
        this.maxPartHeaderSize = maxPartHeaderSize;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        // Only what the container's parsing raised (no handler chosen yet); a controller's own multipart errors
        // (no multipart body at all, a missing part) keep their answers.
        if (!(ex instanceof MultipartException) || response.isCommitted()
                || (handler != null && !(ex instanceof MaxUploadSizeExceededException))) {
            return null;
        }
        String accept = request.getHeader("Accept");
        if (!ApiTokenFilter.isApi(request) && accept != null && accept.contains("text/html")) {
            return null;
        }
        try {
            if (causedBy(ex, FileCountLimitExceededException.class)) {
                Problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "Too many files in one upload",
                        "The upload has more than " + maxParts + " parts (files and fields; server.tomcat.max-part-count). "
                                + "Send the images as one zip archive instead.");
            } else if (mentions(ex, "Header section has more than")) {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, "File name too long",
                        "A part of the upload has a header — its file name — of more than "
                                + describe(maxPartHeaderSize) + " (server.tomcat.max-part-header-size). Rename the file.");
            } else if (ex instanceof MaxUploadSizeExceededException) {
                Problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large",
                        "The upload is over this server's limit of " + describe(maxFileSize) + " per file and "
                                + describe(maxRequestSize) + " per request (findling.limits.max-file-size, max-request-size).");
            } else {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, "Malformed upload",
                        "The multipart/form-data body cannot be read: it is cut short or not well formed.");
            }
            return new ModelAndView();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

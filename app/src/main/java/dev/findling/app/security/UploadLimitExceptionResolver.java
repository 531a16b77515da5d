package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import java.io.IOException;

/**
 * An upload over {@code findling.limits.max-file-size} / {@code max-request-size} is detected while the servlet
 * container parses the multipart body — before any controller is chosen, so no {@code @RestControllerAdvice}
 * applies — and Tomcat then closes the connection without rendering an error page (an empty 413). This answers
 * such API requests with a 413 problem detail that names the limits; browsers posting a page form keep Spring
 * Boot's error page path.
 */
@Component
class UploadLimitExceptionResolver implements HandlerExceptionResolver, Ordered {
    private final DataSize maxFileSize;
    private final DataSize maxRequestSize;

    UploadLimitExceptionResolver(@Value("${findling.limits.max-file-size:200MB}") DataSize maxFileSize,
                                 @Value("${findling.limits.max-request-size:220MB}") DataSize maxRequestSize) {
        this.maxFileSize = maxFileSize;
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        if (!(ex instanceof MaxUploadSizeExceededException) || response.isCommitted()) {
            return null;
        }
        String accept = request.getHeader("Accept");
        if (!ApiTokenFilter.isApi(request) && accept != null && accept.contains("text/html")) {
            return null;
        }
        try {
            Problems.write(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "Upload too large",
                    "The upload is over this server's limit of " + describe(maxFileSize) + " per file and "
                            + describe(maxRequestSize) + " per request (findling.limits.max-file-size, max-request-size).");
            return new ModelAndView();
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(DataSize size) {
        long bytes = size.toBytes();
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes + " bytes";
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

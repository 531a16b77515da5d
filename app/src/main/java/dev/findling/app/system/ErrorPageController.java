package dev.findling.app.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;

import java.net.URI;
import java.util.Map;

/**
 * Errors that no controller handled — an unknown path, a wrong HTTP method, an exception in a page controller,
 * an upload over the servlet limit — reach Spring Boot's {@code /error} dispatch. This replaces Boot's
 * default error controller so that API clients get RFC 9457 problem details (never Boot's own JSON shape)
 * and browsers get the site's error page.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RequestMapping("${server.error.path:${error.path:/error}}")
class ErrorPageController implements ErrorController {
    private final ErrorAttributes errorAttributes;

    ErrorPageController(ErrorAttributes errorAttributes) {
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request, HttpServletResponse response) {
        HttpStatus status = status(request);
        response.setStatus(status.value());
        return new ModelAndView("error", Map.of(
                // Not "title": the layout fragment's parameter of that name would shadow it.
                "errorStatus", status.value(),
                "errorTitle", status.getReasonPhrase(),
                "errorDetail", detail(request, status),
                "errorPath", path(request)), status);
    }

    @RequestMapping
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        HttpStatus status = status(request);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(request, status));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(path(request)));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private String detail(HttpServletRequest request, HttpStatus status) {
        if (status == HttpStatus.NOT_FOUND) {
            return "Nothing at " + request.getMethod() + " " + path(request) + ".";
        }
        if (status.is5xxServerError()) {
            return "The server failed to handle the request; its log has the details.";
        }
        Throwable error = errorAttributes.getError(new ServletWebRequest(request));
        if (error instanceof ErrorResponse response && response.getBody().getDetail() != null) {
            return response.getBody().getDetail();
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String s && !s.isBlank() ? s : status.getReasonPhrase() + ".";
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String path(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String s ? s : request.getRequestURI();
    }
}

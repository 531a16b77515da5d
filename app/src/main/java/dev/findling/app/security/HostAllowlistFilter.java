package dev.findling.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Answers only requests addressed to one of the {@link AllowedHosts}, reads included: whatever a rebound name could
 * reach — the library's images, the raw files, the job list — is refused with 421 Misdirected Request (RFC 9110
 * §15.5.20: "not able to produce a response for the target URI's authority"), as problem details, before any other
 * filter runs. A request without {@code Host} (HTTP/1.0) is not a browser's and passes.
 */
public final class HostAllowlistFilter extends OncePerRequestFilter {
    /** Not among Spring's {@code HttpStatus} constants. */
    static final HttpStatusCode MISDIRECTED_REQUEST = HttpStatusCode.valueOf(421);

    private final AllowedHosts hosts;

    HostAllowlistFilter(AllowedHosts hosts) {
        this.hosts = hosts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader(HttpHeaders.HOST);
        if (host == null || hosts.allows(host)) {
            chain.doFilter(request, response);
            return;
        }
        String shown = AllowedHosts.hostOf(host);
        Problems.write(request, response, MISDIRECTED_REQUEST, "Host not allowed",
                "This server answers to " + String.join(", ", hosts.names()) + ", not to '"
                        + (shown == null ? "a malformed Host header" : shown) + "'. If you reach it by that name "
                        + "(a reverse proxy, a LAN name), add it to findling.security.allowed-hosts.");
    }
}

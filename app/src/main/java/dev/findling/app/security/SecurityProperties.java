package dev.findling.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code findling.security.*}: who may change things.
 *
 * @param token          when set (env {@code FINDLING_SECURITY_TOKEN}), every POST/PUT/PATCH/DELETE under
 *                       {@code /api/} needs {@code Authorization: Bearer <token>} or {@code X-Findling-Token: <token>};
 *                       reads stay open. Unset or blank: no token is asked for
 * @param allowedOrigins extra origins ({@code https://photos.example.org}) whose pages may post the web forms —
 *                       for a reverse proxy that rewrites the host without forwarding it; the server's own origin is
 *                       always allowed
 * @param allowedHosts   extra names ({@code photos.example.org}, {@code 192.168.1.20}) this server answers to in the
 *                       {@code Host} header, besides localhost, 127.0.0.1, [::1], a specific {@code server.address} and
 *                       the hosts of {@code allowedOrigins}; any other Host is answered 421 ({@link AllowedHosts})
 * @param maxTokenFailures   wrong tokens one client may send within {@code tokenFailureWindow}; after that every token
 *                           check from it is answered 429 until the window ends ({@link TokenGuessLimiter})
 * @param tokenFailureWindow how long a client's wrong tokens count against it, from its first one
 */
@ConfigurationProperties(prefix = "findling.security")
public record SecurityProperties(String token, @DefaultValue List<String> allowedOrigins,
                                 @DefaultValue List<String> allowedHosts,
                                 @DefaultValue("10") int maxTokenFailures,
                                 @DefaultValue("5m") Duration tokenFailureWindow) {

    public SecurityProperties {
        if (maxTokenFailures < 1) {
            throw new IllegalArgumentException("findling.security.max-token-failures must be at least 1, was "
                    + maxTokenFailures);
        }
        if (tokenFailureWindow == null || tokenFailureWindow.isNegative() || tokenFailureWindow.isZero()) {
            throw new IllegalArgumentException("findling.security.token-failure-window must be positive (e.g. 5m), was "
                    + tokenFailureWindow);
        }
        token = token == null || token.isBlank() ? null : token.strip();
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream().map(String::strip).toList();
        for (String host : allowedHosts) {
            String parsed = AllowedHosts.hostOf(host);
            // A port, scheme or path would make the Host header's host differ from the entry as written.
            if (parsed == null || host.contains("/") || !parsed.equals(AllowedHosts.normalize(host))) {
                throw new IllegalArgumentException("findling.security.allowed-hosts: '" + host + "' is not a host name; "
                        + "expected a name or an IP address without scheme or port, e.g. photos.example.org or [fd00::5]");
            }
        }
        for (String origin : allowedOrigins) {
            URI uri = URI.create(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("findling.security.allowed-origins: '" + origin
                        + "' is not an origin; expected scheme://host[:port], e.g. https://photos.example.org");
            }
        }
    }

    public Optional<String> apiToken() {
        return Optional.ofNullable(token);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "SecurityProperties[token=" + (token == null ? "unset" : "set") + ", allowedOrigins=" + allowedOrigins
                + ", allowedHosts=" + allowedHosts + ", maxTokenFailures=" + maxTokenFailures + ", tokenFailureWindow=" + tokenFailureWindow + "]";
    }
}

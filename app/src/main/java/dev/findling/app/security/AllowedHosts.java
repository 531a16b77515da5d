package dev.findling.app.security;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names this server answers to in the {@code Host} header — its defence against DNS rebinding: a page on
 * {@code evil.example} whose name the attacker re-points at 127.0.0.1 is same-origin with itself, so the browser lets
 * it read the answers, but its requests still say {@code Host: evil.example}. Allowed: the loopback names
 * ({@code localhost}, {@code 127.0.0.1}, {@code ::1}), the server's own {@code server.address} when it is a specific
 * one, the hosts of {@code findling.security.allowed-origins}, and {@code findling.security.allowed-hosts}. The port is
 * not compared (it is the server's by construction: the request reached it).
 */
final class AllowedHosts {
    static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");

    private final Set<String> hosts;

    /**
     * @param configured    {@code findling.security.allowed-hosts}: host names or IP literals, no scheme or port
     * @param origins       {@code findling.security.allowed-origins}, whose hosts are allowed too
     * @param serverAddress {@code server.address}, or null; a wildcard (0.0.0.0, ::) adds nothing
     */
    AllowedHosts(List<String> configured, List<String> origins, String serverAddress) {
        Set<String> all = new LinkedHashSet<>(LOOPBACK);
        configured.forEach(h -> all.add(normalize(h)));
        origins.forEach(o -> all.add(normalize(URI.create(o).getHost())));
        if (serverAddress != null && !serverAddress.isBlank()) {
            String address = normalize(serverAddress);
            if (!address.equals("0.0.0.0") && !address.equals("::") && !address.equals("0:0:0:0:0:0:0:0")) {
                all.add(address);
            }
        }
        this.hosts = Set.copyOf(all);
    }

    /**
     * The host part of a {@code Host} header ({@code name[:port]}, {@code [v6][:port]}), lower case, without
     * brackets or a trailing dot; null when the header is absent or not a host.
     */
    static String hostOf(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || (end + 1 < h.length() && h.charAt(end + 1) != ':')) {
                return null;
            }
            return normalize(h.substring(0, end + 1));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (h.indexOf(':', colon + 1) >= 0) {
                return null; // an IPv6 literal must be bracketed in Host (RFC 9110 §7.2)
            }
            h = h.substring(0, colon);
        }
        return h.isEmpty() ? null : normalize(h);
    }

    /** Whether a request whose {@code Host} header says {@code hostHeader} may be answered. */
    boolean allows(String hostHeader) {
        String host = hostOf(hostHeader);
        return host != null && hosts.contains(host);
    }

    /** The allowed names, for messages. */
    Set<String> names() {
        return hosts;
    }

    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}

package dev.findling.app.security;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Limits guessing the token ({@code findling.security.token}): per client, at most {@code maxFailures} wrong tokens
 * per {@code window}. Shared by every place that compares a presented token — {@code POST /login},
 * {@link ApiTokenFilter} and {@link FormLoginFilter} — so a guesser cannot spread its guesses over them.
 *
 * <p>A client's window opens at its first wrong token. Once {@code maxFailures} wrong tokens fall into it, every
 * further token check from that client is answered "locked" until the window ends — a correct token too, and without
 * comparing it: if the right token still got through, the lockout itself would tell the guesser when it had found
 * it. After the window the client starts again from zero. A correct token neither counts nor resets the count (else a
 * legitimate script sharing a proxy's address with a guesser would keep resetting the guesser's count). Requests
 * without a token are never counted, and a logged-in session never reaches the limiter: it proved the token already.
 *
 * <p>Each check reserves its guess before the comparison and gives it back if the token was right, so concurrent
 * requests cannot together get more than {@code maxFailures} wrong comparisons into one window.
 *
 * <p>A client is {@link HttpServletRequest#getRemoteAddr()} — for IPv6 its /64 network, since one host usually holds
 * a whole /64 and could otherwise change address for every guess. Behind a reverse proxy every client has the proxy's
 * address and they share one count (a guesser can then lock out the proxy's other users for a window). That is
 * deliberate: {@code X-Forwarded-For} is not trusted by default, since any client could then claim a fresh address per
 * guess. An operator whose proxy sets it reliably can let Tomcat use it ({@code server.forward-headers-strategy}).
 *
 * <p>Memory is bounded: at most {@code maxClients} clients are tracked (plus those whose token is being compared at
 * that moment). A new client pushes out expired windows; a wrong token that makes the count exceed the bound pushes
 * out the oldest windows (which gives those clients a fresh count — the price of a bound; flushing a client that way
 * takes {@code maxClients} other addresses guessing after it). All methods are thread-safe.
 */
final class TokenGuessLimiter {
    /** Clients tracked at most: a few hundred kilobytes. */
    static final int MAX_CLIENTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(TokenGuessLimiter.class);

    private final int maxFailures;
    private final Duration window;
    private final int maxClients;
    private final Clock clock;
    /** Insertion order is window start order (a new window is re-inserted), so expired windows are at the head. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

    TokenGuessLimiter(int maxFailures, Duration window, int maxClients, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxClients = maxClients;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    int maxFailures() {
        return maxFailures;
    }

    Duration window() {
        return window;
    }

    /**
     * One token check of {@code client}: {@code matches} compares the presented token, unless the client is locked
     * out — then it is not called at all. A wrong token counts against the client.
     */
    Verdict check(String client, BooleanSupplier matches) {
        Window reserved;
        synchronized (this) {
            Instant now = clock.instant();
            reserved = windows.get(client);
            if (reserved != null && !now.isBefore(reserved.end)) {
                windows.remove(client);
                reserved = null;
            }
            if (reserved == null) {
                dropExpired(now);
                reserved = new Window(now.plus(window));
                windows.put(client, reserved);
            } else if (reserved.attempts >= maxFailures) {
                return Verdict.locked(Duration.between(now, reserved.end));
            }
            reserved.attempts++;
        }
        if (matches.getAsBoolean()) {
            release(client, reserved);
            return Verdict.ACCEPTED;
        }
        boolean nowLocked;
        synchronized (this) {
            trimToBound();
            nowLocked = reserved.attempts >= maxFailures && !reserved.reported;
            reserved.reported |= nowLocked;
        }
        if (nowLocked) {
            log.warn("{} wrong access tokens from {} within {}: every token it sends is refused (429) until {}",
                    maxFailures, client, inWords(window), reserved.end);
        }
        return Verdict.REJECTED;
    }

    /** A correct token gives its reserved guess back; a client left with no wrong token is not tracked at all. */
    private synchronized void release(String client, Window reserved) {
        reserved.attempts--;
        if (reserved.attempts == 0 && windows.get(client) == reserved) {
            windows.remove(client);
        }
    }

    /** Expired windows are at the head: they go as soon as a new client comes. */
    private void dropExpired(Instant now) {
        Iterator<Window> oldestFirst = windows.values().iterator();
        while (oldestFirst.hasNext() && !now.isBefore(oldestFirst.next().end)) {
            oldestFirst.remove();
        }
    }

    /**
     * Over the bound, the oldest windows go. Done for a wrong token only, so that the right token from a new client
     * (tracked only while it is compared) never pushes a guesser out.
     */
    private void trimToBound() {
        Iterator<Window> oldestFirst = windows.values().iterator();
        while (windows.size() > maxClients && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** How many clients are tracked now (expired windows included until a new client pushes them out). */
    synchronized int trackedClients() {
        return windows.size();
    }

    /** Forgets every client, as a restart does. */
    synchronized void forgetAll() {
        windows.clear();
    }

    /** The client a request counts against: its remote address, for IPv6 the /64 network around it. */
    static String clientOf(HttpServletRequest request) {
        return clientKey(request.getRemoteAddr());
    }

    static String clientKey(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) {
            return "unknown";
        }
        String address = remoteAddress;
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        if (address.indexOf(':') < 0 || !isIpv6LiteralSyntax(address)) {
            return remoteAddress;
        }
        try {
            // Only hex digits, ':' and '.' with a ':' in them: InetAddress parses that as a literal, never asks DNS.
            InetAddress parsed = InetAddress.getByName(address);
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress(); // an IPv4-mapped address is its IPv4 client
            }
            byte[] bytes = parsed.getAddress();
            StringBuilder network = new StringBuilder();
            for (int group = 0; group < 4; group++) {
                network.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff)))
                        .append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException notALiteral) {
            return remoteAddress;
        }
    }

    /** A duration for people: whole minutes when it is some, else seconds below 2 minutes, else minutes rounded up. */
    static String inWords(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        if (seconds < 120 && seconds % 60 != 0) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    private static boolean isIpv6LiteralSyntax(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** One client's current window: when it ends and how many guesses it holds (wrong ones and those in flight). */
    private static final class Window {
        final Instant end;
        int attempts;
        boolean reported;

        Window(Instant end) {
            this.end = end;
        }
    }

    enum Outcome { ACCEPTED, REJECTED, LOCKED }

    /**
     * What a token check came to.
     *
     * @param retryAfter for {@link Outcome#LOCKED}, how long until the client's window ends; else zero
     */
    record Verdict(Outcome outcome, Duration retryAfter) {
        static final Verdict ACCEPTED = new Verdict(Outcome.ACCEPTED, Duration.ZERO);
        static final Verdict REJECTED = new Verdict(Outcome.REJECTED, Duration.ZERO);

        static Verdict locked(Duration retryAfter) {
            return new Verdict(Outcome.LOCKED, retryAfter);
        }

        boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }

        boolean locked() {
            return outcome == Outcome.LOCKED;
        }

        /** {@code Retry-After}: whole seconds until the window ends, rounded up, at least 1. */
        long retryAfterSeconds() {
            long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }

        /** The wait in words: "40 seconds", "5 minutes" (rounded up to whole minutes from 2 minutes on). */
        String retryAfterText() {
            return inWords(Duration.ofSeconds(retryAfterSeconds()));
        }
    }
}

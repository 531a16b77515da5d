package dev.findling.app.security;

import dev.findling.app.security.TokenGuessLimiter.Outcome;
import dev.findling.app.security.TokenGuessLimiter.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guess limiter alone, on a clock the test moves: no sleeping. */
class TokenGuessLimiterTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String CLIENT = "203.0.113.7";

    private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final TokenGuessLimiter limiter = new TokenGuessLimiter(10, WINDOW, 10_000, clock);

    @Test
    void theEleventhWrongTokenWithinTheWindowIsLockedOutAndNotCompared() {
        for (int i = 1; i <= 10; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(limiter.check(CLIENT, () -> false).outcome()).as("wrong token %d", i).isEqualTo(Outcome.REJECTED);
        }
        Comparison guess = new Comparison(false);
        Verdict eleventh = limiter.check(CLIENT, guess);
        assertThat(eleventh.outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(guess.calls).as("a locked-out client's token is not compared").isZero();
        // The window opened at the first wrong token, 10 s in, and it is 100 s in now.
        assertThat(eleventh.retryAfter()).isEqualTo(Duration.ofSeconds(210));
        assertThat(eleventh.retryAfterSeconds()).isEqualTo(210);
        assertThat(eleventh.retryAfterText()).isEqualTo("4 minutes");
    }

    @Test
    void theRightTokenWhileLockedOutIsLockedOutToo() {
        lockOut(CLIENT);
        Comparison right = new Comparison(true);
        assertThat(limiter.check(CLIENT, right).outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(right.calls).isZero();
    }

    @Test
    void afterTheWindowTheClientMayTryAgainAndCountingStartsOver() {
        lockOut(CLIENT);
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(limiter.check(CLIENT, () -> true).outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(limiter.check(CLIENT, () -> true).retryAfterSeconds()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.check(CLIENT, () -> true).outcome()).isEqualTo(Outcome.ACCEPTED);
        for (int i = 1; i <= 10; i++) {
            assertThat(limiter.check(CLIENT, () -> false).outcome()).as("wrong token %d", i).isEqualTo(Outcome.REJECTED);
        }
        Verdict locked = limiter.check(CLIENT, () -> false);
        assertThat(locked.outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(locked.retryAfter()).isEqualTo(WINDOW);
    }

    @Test
    void theWindowOpensAtTheFirstWrongTokenAndDoesNotSlideOrGrow() {
        for (int i = 0; i < 9; i++) {
            limiter.check(CLIENT, () -> false);
        }
        clock.advance(Duration.ofMinutes(4).plusSeconds(59).plusMillis(500));
        assertThat(limiter.check(CLIENT, () -> false).outcome()).isEqualTo(Outcome.REJECTED);
        Verdict locked = limiter.check(CLIENT, () -> false);
        assertThat(locked.outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(locked.retryAfter()).isEqualTo(Duration.ofMillis(500));
        assertThat(locked.retryAfterSeconds()).as("rounded up").isEqualTo(1);
        assertThat(locked.retryAfterText()).isEqualTo("1 second");
        // Attempts while locked out do not extend the lockout.
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.check(CLIENT, () -> false).outcome()).isEqualTo(Outcome.REJECTED);
    }

    @Test
    void rightTokensNeitherCountNorResetTheCount() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.check(CLIENT, () -> true).outcome()).isEqualTo(Outcome.ACCEPTED);
        }
        assertThat(limiter.trackedClients()).as("a client that never got the token wrong is not tracked").isZero();

        for (int i = 0; i < 9; i++) {
            limiter.check(CLIENT, () -> false);
        }
        assertThat(limiter.check(CLIENT, () -> true).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(limiter.check(CLIENT, () -> false).outcome()).as("the tenth wrong one").isEqualTo(Outcome.REJECTED);
        assertThat(limiter.check(CLIENT, () -> true).outcome()).isEqualTo(Outcome.LOCKED);
    }

    @Test
    void eachClientHasItsOwnCount() {
        lockOut("198.51.100.1");
        assertThat(limiter.check("198.51.100.2", () -> true).outcome()).isEqualTo(Outcome.ACCEPTED);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.check("198.51.100.2", () -> false).outcome()).isEqualTo(Outcome.REJECTED);
        }
        assertThat(limiter.check("198.51.100.2", () -> true).outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(limiter.check("198.51.100.3", () -> true).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(limiter.check("198.51.100.1", () -> true).outcome()).isEqualTo(Outcome.LOCKED);
    }

    @Test
    void manyClientsStayWithinTheBoundExpiredWindowsGoingFirst() {
        TokenGuessLimiter small = new TokenGuessLimiter(10, WINDOW, 100, clock);
        for (int i = 0; i < 5_000; i++) {
            small.check("10.0." + (i / 256) + "." + (i % 256), () -> false);
            assertThat(small.trackedClients()).isLessThanOrEqualTo(100);
        }
        assertThat(small.trackedClients()).isEqualTo(100);

        // Once their windows are over, one new client pushes out all of them rather than just the oldest.
        clock.advance(WINDOW);
        small.check("192.0.2.1", () -> false);
        assertThat(small.trackedClients()).isEqualTo(1);
    }

    @Test
    void whenFullTheOldestWindowIsPushedOutAndTheOthersStayLocked() {
        TokenGuessLimiter three = new TokenGuessLimiter(2, WINDOW, 3, clock);
        for (String client : List.of("a", "b", "c")) {
            three.check(client, () -> false);
            three.check(client, () -> false);
            clock.advance(Duration.ofSeconds(1));
        }
        three.check("d", () -> false);
        assertThat(three.trackedClients()).isEqualTo(3);
        // The right token from a client not tracked (the bound is reached) pushes nobody out.
        assertThat(three.check("e", () -> true).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(three.trackedClients()).isEqualTo(3);
        assertThat(three.check("b", () -> true).outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(three.check("c", () -> true).outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(three.check("a", () -> true).outcome()).as("the oldest was forgotten").isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void concurrentGuessesGetNoMoreThanTheLimitCompared() throws Exception {
        AtomicInteger compared = new AtomicInteger();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<int[]>> guessers = java.util.stream.IntStream.range(0, threads).<Callable<int[]>>mapToObj(t -> () -> {
                start.await();
                int[] outcomes = new int[Outcome.values().length];
                for (int i = 0; i < 200; i++) {
                    outcomes[limiter.check(CLIENT, () -> {
                        compared.incrementAndGet();
                        return false;
                    }).outcome().ordinal()]++;
                }
                return outcomes;
            }).toList();
            List<Future<int[]>> running = guessers.stream().map(pool::submit).toList();
            start.countDown();
            int rejected = 0;
            int locked = 0;
            for (Future<int[]> f : running) {
                int[] outcomes = f.get(30, TimeUnit.SECONDS);
                rejected += outcomes[Outcome.REJECTED.ordinal()];
                locked += outcomes[Outcome.LOCKED.ordinal()];
            }
            assertThat(compared.get()).isEqualTo(10);
            assertThat(rejected).isEqualTo(10);
            assertThat(locked).isEqualTo(threads * 200 - 10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClientIsItsAddressAndForIpv6ItsSlash64() {
        assertThat(TokenGuessLimiter.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(TokenGuessLimiter.clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
        assertThat(TokenGuessLimiter.clientKey("2001:0db8:0001:0002::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(TokenGuessLimiter.clientKey("[2001:db8:1:2::ffff]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(TokenGuessLimiter.clientKey("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
        assertThat(TokenGuessLimiter.clientKey("fe80::1%eth0")).isEqualTo("fe80:0:0:0::/64");
        assertThat(TokenGuessLimiter.clientKey("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
        assertThat(TokenGuessLimiter.clientKey("::ffff:192.0.2.5")).as("IPv4-mapped").isEqualTo("192.0.2.5");
        // Not an address literal: kept as it is, never resolved.
        assertThat(TokenGuessLimiter.clientKey("gateway.example")).isEqualTo("gateway.example");
        assertThat(TokenGuessLimiter.clientKey("zz::1")).isEqualTo("zz::1");
        assertThat(TokenGuessLimiter.clientKey(null)).isEqualTo("unknown");

        // So the addresses of one IPv6 network share a count.
        lockOut("2001:db8:1:2::/64");
        assertThat(limiter.check(TokenGuessLimiter.clientKey("2001:db8:1:2::beef"), () -> true).outcome())
                .isEqualTo(Outcome.LOCKED);
    }

    @Test
    void waitsInWords() {
        assertThat(TokenGuessLimiter.inWords(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(TokenGuessLimiter.inWords(Duration.ofSeconds(45))).isEqualTo("45 seconds");
        assertThat(TokenGuessLimiter.inWords(Duration.ofSeconds(60))).isEqualTo("1 minute");
        assertThat(TokenGuessLimiter.inWords(Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(TokenGuessLimiter.inWords(Duration.ofSeconds(121))).isEqualTo("3 minutes");
        assertThat(TokenGuessLimiter.inWords(Duration.ofMinutes(5))).isEqualTo("5 minutes");
    }

    @Test
    void limitsMustMakeSense() {
        assertThatThrownBy(() -> new TokenGuessLimiter(0, WINDOW, 10, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenGuessLimiter(10, Duration.ZERO, 10, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenGuessLimiter(10, WINDOW, 0, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecurityProperties(null, List.of(), List.of(), 0, WINDOW))
                .hasMessageContaining("findling.security.max-token-failures");
        assertThatThrownBy(() -> new SecurityProperties(null, List.of(), List.of(), 10, Duration.ofSeconds(-1)))
                .hasMessageContaining("findling.security.token-failure-window");
        assertThat(new SecurityProperties("t", List.of(), List.of(), 10, WINDOW).toString())
                .contains("maxTokenFailures=10", "tokenFailureWindow=PT5M").doesNotContain("=t,");
    }

    private void lockOut(String client) {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.check(client, () -> false).outcome()).isEqualTo(Outcome.REJECTED);
        }
        assertThat(limiter.check(client, () -> false).outcome()).isEqualTo(Outcome.LOCKED);
    }

    /** A token comparison that remembers whether it was made. */
    private static final class Comparison implements BooleanSupplier {
        private final boolean result;
        int calls;

        Comparison(boolean result) {
            this.result = result;
        }

        @Override
        public boolean getAsBoolean() {
            calls++;
            return result;
        }
    }

    /** A clock that moves only when the test says so. */
    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

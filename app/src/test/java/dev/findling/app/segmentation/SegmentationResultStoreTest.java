package dev.findling.app.segmentation;

import dev.findling.app.system.NotFoundException;
import dev.findling.models.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory result store: least recently used out first, byte budget, expiry, 404 for the unknown. */
class SegmentationResultStoreTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void evictsTheLeastRecentlyUsedBeyondTheEntryLimit() {
        SegmentationResultStore store = new SegmentationResultStore(2, Long.MAX_VALUE, Duration.ofHours(1), clock);
        store.put(result(store, "a", 10));
        store.put(result(store, "b", 10));
        assertThat(store.find("a")).isPresent(); // a is now the most recently used
        store.put(result(store, "c", 10));
        assertThat(store.find("b")).isEmpty();
        assertThat(store.find("a")).isPresent();
        assertThat(store.find("c")).isPresent();
    }

    @Test
    void keepsTheByteBudgetButAlwaysTheNewestResult() {
        long one = result(new SegmentationResultStore(), "x", 100).estimatedBytes();
        SegmentationResultStore store = new SegmentationResultStore(100, 2 * one, Duration.ofHours(1), clock);
        store.put(result(store, "a", 100));
        store.put(result(store, "b", 100));
        store.put(result(store, "c", 100));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.find("a")).isEmpty();
        store.put(result(store, "huge", 1000));
        assertThat(store.find("huge")).isPresent();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void forgetsResultsAfterTheirTimeToLive() {
        SegmentationResultStore store = new SegmentationResultStore(10, Long.MAX_VALUE, Duration.ofMinutes(30), clock);
        store.put(result(store, "a", 10));
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find("a")).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThatThrownBy(() -> store.require("a")).isInstanceOf(NotFoundException.class).hasMessageContaining("'a'");
    }

    @Test
    void idsAreLongAndUrlSafe() {
        SegmentationResultStore store = new SegmentationResultStore();
        assertThat(store.newId()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(store.newId());
    }

    private StoredSegmentation result(SegmentationResultStore store, String id, int side) {
        TextSegmentationReport report = new TextSegmentationReport(id, null, "refined", List.of(),
                new TextSegmentationReport.ImageSize(side, side), List.of(), null, List.of(), null, store.now());
        return new StoredSegmentation(report, RgbImage.wrap(side, side, new byte[3 * side * side]), null, clock.instant());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

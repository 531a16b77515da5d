package dev.findling.semantic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimilarityDistributionTest {
    @Test
    void percentilesInterpolateBetweenRanksOverAllImages() {
        SimilarityDistribution d = new SimilarityDistribution(List.of("dog", "unicorn"), 0.25f);
        d.add(new float[][]{{0.10f, 0.20f, 0.30f}, {}});
        d.add(new float[][]{{0.40f, 0.50f}, {}});
        SimilarityDistribution.ClassSummary dog = d.summaries().get(0);
        assertEquals(5, dog.patches());
        // sorted 0.1 … 0.5; rank = p · (n − 1): min, p5 = 0.12, p25 = 0.2, median 0.3, p75 0.4, p95 0.48, p99 0.496, max
        assertArrayEquals(new float[]{0.10f, 0.12f, 0.20f, 0.30f, 0.40f, 0.48f, 0.496f, 0.50f}, dog.percentiles(), 1e-6f);
        assertEquals((0.30f + 0.50f) / 2, dog.meanImageMax(), 1e-6f);
        assertEquals(3 / 5f, dog.aboveDefault(), 1e-6f);
        assertFalse(d.summaries().get(1).understood());
        assertEquals(2, d.images());
    }

    @Test
    void cosinesForAnotherClassListAreRefused() {
        SimilarityDistribution d = new SimilarityDistribution(List.of("dog"), 0.2f);
        assertThrows(IllegalArgumentException.class, () -> d.add(new float[][]{{0.1f}, {0.2f}}));
    }
}

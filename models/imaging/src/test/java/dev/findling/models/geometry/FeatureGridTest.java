package dev.findling.models.geometry;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one shape rule of SAM embeddings and dense features: C×h×w values, channel-major, never handed out. */
class FeatureGridTest {
    private static final ResizeGeometry FRAME = ResizeGeometry.of(480, 640, 1024);

    /** The rule alone, without what an embedding or dense features add to it. */
    private static FeatureGrid grid(String what, int channels, int height, int width, float[] values) {
        return new FeatureGrid(what, channels, height, width, values, FRAME) {
        };
    }

    @Test
    void cellsAreReadChannelMajor() {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        FeatureGrid grid = grid("embedding", 2, 3, 4, values);
        assertEquals(1 * 12 + 2 * 4 + 3, grid.at(1, 2, 3));
        assertEquals(FRAME, grid.geometry());
        assertEquals(values.length, grid.view().remaining());
    }

    @Test
    void aWrongNumberOfValuesIsRefusedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grid("dense features", 512, 28, 28, new float[512 * 28 * 27]));
        assertEquals("dense features: 387072 values but 512×28×28 needs 401408", e.getMessage());
    }

    @Test
    void aSizeThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grid("embedding", 256, 0, 64, new float[0]));
        assertTrue(e.getMessage().contains("every size must be positive"), e.getMessage());
    }

    @Test
    void theValuesCannotBeChangedThroughTheGrid() {
        float[] values = {1, 2, 3, 4};
        FeatureGrid grid = grid("embedding", 1, 2, 2, values);
        FloatBuffer view = grid.view();
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 9f));
        float[] copy = grid.copy();
        copy[0] = 9f;
        assertArrayEquals(new float[]{1, 2, 3, 4}, grid.copy());
    }
}

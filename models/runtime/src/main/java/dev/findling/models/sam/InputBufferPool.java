package dev.findling.models.sam;

import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few direct input buffers kept for reuse by an encoder: a 1024² NCHW tensor is 12 MB of direct memory,
 * whose allocation (zeroed, and released only when the GC gets round to it) costs more than reusing one.
 * Concurrent encodes beyond the pool's size allocate a fresh buffer; at most {@code capacity} are kept.
 * Thread-safe.
 */
public final class InputBufferPool {
    private final ArrayBlockingQueue<FloatBuffer> spare;

    public InputBufferPool(int capacity) {
        this.spare = new ArrayBlockingQueue<>(capacity);
    }

    /** A buffer of at least {@code length} floats, for {@link SamPreprocessor#preprocess(dev.findling.models.image.RgbImage, FloatBuffer)}. */
    public FloatBuffer borrow(int length) {
        FloatBuffer b = spare.poll();
        return b != null && b.capacity() >= length ? b : SamPreprocessor.allocate(length);
    }

    /** Returns a buffer once no tensor reads it any more. */
    public void giveBack(FloatBuffer b) {
        spare.offer(b);
    }
}

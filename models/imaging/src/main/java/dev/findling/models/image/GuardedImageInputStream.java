package dev.findling.models.image;

import javax.imageio.stream.ImageInputStreamImpl;
import java.time.Duration;

/**
 * An in-memory {@code ImageInputStream} that stops decoders which would never finish on damaged
 * data. Some readers treat the end of input as an endless supply of zero bits (TwelveMonkeys'
 * lossless-WebP bit reader, for one, catches the {@code EOFException} and carries on), so a file
 * with a corrupted Huffman table can spin forever. Two guards turn that into a prompt
 * {@link ImageDecodeException} with reason {@code CORRUPT}:
 * <ul>
 *   <li>more than {@value #MAX_READS_AT_END} read attempts at the end of the data — an honest
 *       decoder notices the end after a handful;</li>
 *   <li>a wall-clock budget for the whole decode, checked every few thousand reads.</li>
 * </ul>
 */
final class GuardedImageInputStream extends ImageInputStreamImpl {
    static final int MAX_READS_AT_END = 256;
    /** Far above any honest decode (100 MP JPEG: a few seconds). */
    static final Duration TIME_BUDGET = Duration.ofSeconds(60);

    private final byte[] data;
    private final String format;
    private final long deadline;
    private int readsAtEnd;
    private int calls;

    GuardedImageInputStream(byte[] data, String format) {
        this.data = data;
        this.format = format;
        this.deadline = System.nanoTime() + TIME_BUDGET.toNanos();
    }

    @Override
    public int read() {
        guard();
        if (streamPos >= data.length) {
            atEnd();
            return -1;
        }
        bitOffset = 0;
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        guard();
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", buffer " + b.length);
        }
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            atEnd();
            return -1;
        }
        bitOffset = 0;
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }

    private void atEnd() {
        if (++readsAtEnd > MAX_READS_AT_END) {
            throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT, "corrupt " + format
                    + " image: the decoder kept reading past the end of the data (the file is damaged or cut short)");
        }
    }

    private void guard() {
        if ((++calls & 0xFFF) == 0 && System.nanoTime() > deadline) {
            throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT, "corrupt " + format
                    + " image: decoding did not finish within " + TIME_BUDGET.toSeconds() + " s");
        }
    }
}

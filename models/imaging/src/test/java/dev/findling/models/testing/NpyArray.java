package dev.findling.models.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array (format 1.0/2.0, little-endian, C order) of float32, float16 or int64, read as the
 * goldens of {@code ../shared/data} store them. Float16 values are widened to float.
 *
 * @param shape  the array's shape
 * @param floats the values of a float array (null for int64)
 * @param longs  the values of an int64 array (null for floats)
 */
public record NpyArray(long[] shape, float[] floats, long[] longs) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    public static NpyArray read(Path file) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.get() != (byte) 0x93 || b.get() != 'N') {
                throw new IOException(file + " is not an .npy file");
            }
            b.position(6);
            int major = b.get();
            b.get();
            int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
            byte[] header = new byte[headerLength];
            b.get(header);
            String h = new String(header, StandardCharsets.ISO_8859_1);
            if (h.contains("'fortran_order': True")) {
                throw new IOException(file + " is in Fortran order");
            }
            Matcher d = DESCR.matcher(h);
            Matcher s = SHAPE.matcher(h);
            if (!d.find() || !s.find()) {
                throw new IOException(file + " has an unreadable header: " + h);
            }
            long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            int count = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
            ByteBuffer data = b.slice().order(ByteOrder.LITTLE_ENDIAN);
            return switch (d.group(1)) {
                case "<f4" -> {
                    float[] v = new float[count];
                    data.asFloatBuffer().get(v);
                    yield new NpyArray(shape, v, null);
                }
                case "<f2" -> {
                    float[] v = new float[count];
                    for (int i = 0; i < count; i++) {
                        v[i] = halfToFloat(data.getShort());
                    }
                    yield new NpyArray(shape, v, null);
                }
                case "<i8" -> {
                    long[] v = new long[count];
                    data.asLongBuffer().get(v);
                    yield new NpyArray(shape, null, v);
                }
                default -> throw new IOException(file + " holds " + d.group(1) + "; only <f4, <f2 and <i8 are read");
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** IEEE 754 binary16 → float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // subnormal: mantissa · 2^-24
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Fails with the worst element unless {@code |actual − expected| <= atol + rtol·|expected|} everywhere
     * (the goldens' tolerance rule).
     */
    public void assertClose(float[] actual, double atol, double rtol, String what) {
        if (actual.length != floats.length) {
            throw new AssertionError(what + ": " + actual.length + " values but the golden has " + floats.length
                    + " " + Arrays.toString(shape));
        }
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < actual.length; i++) {
            double excess = Math.abs(actual[i] - floats[i]) - (atol + rtol * Math.abs(floats[i]));
            if (!(excess <= worstExcess)) {
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                worst = i;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " is " + actual[worst] + " but the golden is "
                    + floats[worst] + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }

    /** The largest |actual − expected|. */
    public double maxAbsDifference(float[] actual) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - floats[i]));
        }
        return max;
    }
}

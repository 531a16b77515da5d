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
 * Reads the goldens' {@code .npy} files (little-endian, C order; float32 or float16, the latter widened): the
 * NumPy format's magic, version, header length and a Python-dict header with {@code descr} and {@code shape}.
 *
 * @param shape  the array's shape
 * @param values the values in row-major order
 */
public record Npy(long[] shape, float[] values) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*True");

    public static Npy read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != (byte) 0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M' || b.get() != 'P' || b.get() != 'Y') {
            throw new IOException(file + " is not a .npy file");
        }
        int major = b.get();
        b.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] header = new byte[headerLength];
        b.get(header);
        String text = new String(header, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(text);
        Matcher shapeText = SHAPE.matcher(text);
        if (!descr.find() || !shapeText.find() || FORTRAN.matcher(text).find()) {
            throw new IOException(file + ": unsupported header " + text.trim());
        }
        long[] shape = Arrays.stream(shapeText.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (x, y) -> x * y));
        float[] values = new float[n];
        switch (descr.group(1)) {
            case "<f4" -> b.asFloatBuffer().get(values);
            case "<f2" -> {
                for (int i = 0; i < n; i++) {
                    values[i] = halfToFloat(b.getShort());
                }
            }
            default -> throw new IOException(file + ": element type " + descr.group(1) + " is not float32 or float16");
        }
        return new Npy(shape, values);
    }

    /** IEEE 754 binary16 widened to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}

package dev.findling.models.bench;

import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Preprocessing;
import dev.findling.models.sam.SamPreprocessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * SAM preprocessing (ResizeLongestSide to 1024 with antialiased bilinear, normalise, pad, NCHW) of a
 * 1 MP and a 12 MP photo, alone and after JPEG decoding. Targets on the 2-core CI machine: median
 * ≤ 5 ms at 1 MP and ≤ 40 ms at 12 MP for {@code preprocess}. SampleTime mode reports the median (p0.50).
 *
 * <pre>mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=SamPreprocessorBenchmark -pl models/runtime test</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SamPreprocessorBenchmark {
    /** 1155×866 ≈ 1.0 MP (4:3); 4000×3000 = 12 MP, a phone photo. */
    @Param({"1MP", "12MP"})
    public String size;

    private RgbImage image;
    private byte[] jpeg;
    private SamPreprocessor preprocessor;
    private FloatBuffer target;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int width = size.equals("1MP") ? 1155 : 4000;
        int height = size.equals("1MP") ? 866 : 3000;
        image = photoLike(width, height, 2024);
        jpeg = jpeg(image);
        preprocessor = new SamPreprocessor(Preprocessing.sam(1024));
        // The encoder reuses its input buffer the same way.
        target = SamPreprocessor.allocate(3 * 1024 * 1024);
    }

    @Benchmark
    public FloatBuffer preprocess() {
        return preprocessor.preprocess(image, target).tensor();
    }

    @Benchmark
    public FloatBuffer decodeAndPreprocess() {
        return preprocessor.preprocess(ImageDecoder.read(jpeg, ImageLimits.DEFAULT), target).tensor();
    }

    /** Smooth gradients, a few shapes and sensor-like noise, so that the JPEG is not trivially small. */
    static RgbImage photoLike(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x / (double) width;
                double v = y / (double) height;
                double dx = u - 0.6;
                double dy = v - 0.4;
                boolean disc = dx * dx + dy * dy < 0.03;
                int r = disc ? 200 : (int) (90 + 80 * u + 30 * Math.sin(12 * v));
                int g = disc ? 40 : (int) (110 + 60 * v);
                int b = disc ? 40 : (int) (70 + 50 * Math.cos(9 * u));
                int n = random.nextInt(17) - 8;
                int o = 3 * (y * width + x);
                rgb[o] = (byte) Math.max(0, Math.min(255, r + n));
                rgb[o + 1] = (byte) Math.max(0, Math.min(255, g + n));
                rgb[o + 2] = (byte) Math.max(0, Math.min(255, b + n));
            }
        }
        return RgbImage.wrap(width, height, rgb);
    }

    static byte[] jpeg(RgbImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image.toBufferedImage(), null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}

package dev.findling.models.bench;

import dev.findling.models.image.Cutouts;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Image I/O on a 12 MP (4000×3000) photo-like image: decode, mask read, cut-outs, overlay,
 * thumbnail and COCO RLE. Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=ImageIoBench -pl models/imaging test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx4g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ImageIoBench {
    private static final int W = 4000;
    private static final int H = 3000;

    private byte[] jpeg;
    private byte[] maskPng;
    private RgbImage image;
    private BinaryMask mask;

    @Setup
    public void setUp() throws Exception {
        // Smooth gradients plus mild noise: compresses like a photo (about 2–4 bits per pixel at q 0.9).
        byte[] rgb = new byte[3 * W * H];
        Random random = new Random(1);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int o = 3 * (y * W + x);
                int n = random.nextInt(16);
                rgb[o] = (byte) ((x * 255 / W + n) & 0xFF);
                rgb[o + 1] = (byte) ((y * 255 / H + n) & 0xFF);
                rgb[o + 2] = (byte) (((x + y) * 127 / (W + H) + 64 + n) & 0xFF);
            }
        }
        image = RgbImage.wrap(W, H, rgb);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image.toBufferedImage(), null, null), p);
        }
        writer.dispose();
        jpeg = bytes.toByteArray();
        byte[] bits = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int dx = x - W / 2;
                int dy = y - H / 2;
                bits[y * W + x] = (byte) (dx * dx + dy * dy < 1000 * 1000 ? 1 : 0);
            }
        }
        mask = BinaryMask.wrap(W, H, bits);
        maskPng = MaskImages.toPng(mask);
    }

    @Benchmark
    public RgbImage decodeJpeg12mp() {
        return ImageDecoder.read(jpeg, ImageLimits.DEFAULT);
    }

    @Benchmark
    public BinaryMask readMaskPng12mp() {
        return MaskImages.read(maskPng, ImageLimits.DEFAULT);
    }

    @Benchmark
    public byte[] maskToPng12mp() {
        return MaskImages.toPng(mask);
    }

    @Benchmark
    public byte[] rgbaCutoutPng12mp() {
        return Cutouts.rgbaPng(image, mask);
    }

    @Benchmark
    public RgbImage overlay12mp() {
        return Cutouts.overlay(image, mask, 0x00FF00);
    }

    @Benchmark
    public RgbImage thumbnail256() {
        return Thumbnails.fit(image, 256);
    }

    @Benchmark
    public CocoRle cocoRleEncode12mp() {
        return CocoRle.encode(mask);
    }
}

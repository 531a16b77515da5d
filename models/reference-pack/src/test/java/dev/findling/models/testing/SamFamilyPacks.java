package dev.findling.models.testing;

import dev.findling.models.image.RgbImage;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.Preprocessing;
import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packs over {@code ../shared/data/sam-family} (EfficientSAM ViT-T and EdgeSAM with random weights, see its
 * README): each pack folder holds symbolic links to the shared ONNX files and a {@code pack.json}, so nothing is
 * copied. Tests call {@link #familyDir()} first, which skips them with a sentence when the shared data is absent.
 */
public final class SamFamilyPacks {
    /** The families the fixtures hold, by pack id. */
    public enum Family {
        EFFICIENTSAM("efficientsam", "efficientsam/efficient_sam_vitt_encoder.onnx", "efficientsam/efficient_sam_vitt_decoder.onnx"),
        EDGESAM("edgesam", "edgesam/edge_sam_3x_encoder.onnx", "edgesam/edge_sam_3x_decoder.onnx");

        public final String dialect;
        final String encoder;
        final String decoder;

        Family(String dialect, String encoder, String decoder) {
            this.dialect = dialect;
            this.encoder = encoder;
            this.decoder = decoder;
        }
    }

    private SamFamilyPacks() {
    }

    /** {@code ../shared/data/sam-family} relative to the repository root; skips the test when it is absent. */
    public static Path familyDir() {
        String root = System.getProperty("findling.repo.root");
        Assumptions.assumeTrue(root != null, "system property findling.repo.root is not set (surefire sets it in the "
                + "parent pom); skipping a test that needs ../shared/data/sam-family");
        Path dir = Path.of(root).toAbsolutePath().normalize().resolveSibling("shared").resolve("data").resolve("sam-family");
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is absent; skipping a test that needs the SAM-family "
                + "fixtures (EfficientSAM / EdgeSAM exports with random weights)");
        return dir;
    }

    /** The shared photo the goldens use (1277×1277), decoded. */
    public static RgbImage cat01() {
        return readRgb(familyDir().resolve("efficientsam/golden/cat01/image_rgb.png"));
    }

    /** Rows 150..1099 of {@link #cat01()}: the goldens' non-square crop (950×1277). */
    public static RgbImage cat01Crop() {
        return rows(cat01(), 150, 1100);
    }

    public static RgbImage rows(RgbImage image, int y0, int y1) {
        int w = image.width();
        byte[] all = image.copyPixels();
        byte[] out = new byte[(y1 - y0) * w * 3];
        System.arraycopy(all, y0 * w * 3, out, 0, out.length);
        return RgbImage.of(w, y1 - y0, out);
    }

    public static RgbImage readRgb(Path png) {
        try {
            BufferedImage b = ImageIO.read(png.toFile());
            return RgbImage.fromBufferedImage(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 1-bit (or any) PNG as a boolean mask: pixel != 0. */
    public static boolean[] readMask(Path png, int[] sizeOut) {
        try {
            BufferedImage b = ImageIO.read(png.toFile());
            sizeOut[0] = b.getWidth();
            sizeOut[1] = b.getHeight();
            boolean[] m = new boolean[b.getWidth() * b.getHeight()];
            var raster = b.getRaster();
            for (int y = 0; y < b.getHeight(); y++) {
                for (int x = 0; x < b.getWidth(); x++) {
                    m[y * b.getWidth() + x] = raster.getSample(x, y, 0) != 0;
                }
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a pack folder for {@code family} under {@code parent}: links to the shared encoder and decoder and a
     * manifest with each family's dialects, as {@code KnownPacks} describes the published files.
     */
    public static Path pack(Family family, Path parent) {
        Path shared = familyDir();
        Path dir = parent.resolve(family.dialect + "-fixture");
        try {
            Files.createDirectories(dir);
            String enc = Path.of(family.encoder).getFileName().toString();
            String dec = Path.of(family.decoder).getFileName().toString();
            Files.createSymbolicLink(dir.resolve(enc), shared.resolve(family.encoder));
            Files.createSymbolicLink(dir.resolve(dec), shared.resolve(family.decoder));
            List<ModelEntry> models = switch (family) {
                case EFFICIENTSAM -> List.of(
                        new ModelEntry(Dialects.IMAGE_ENCODER, "efficientsam", enc, null, Map.of("image", "batched_images"),
                                null, Preprocessing.efficientSam(), null),
                        new ModelEntry(Dialects.MASK_DECODER, "efficientsam", dec, null, null, null, null, null));
                case EDGESAM -> List.of(
                        new ModelEntry(Dialects.IMAGE_ENCODER, "edgesam", enc, null, null, null, Preprocessing.sam(1024), null),
                        new ModelEntry(Dialects.MASK_DECODER, "edgesam", dec, null, null, null, null, null));
            };
            PackManifest m = new PackManifest(PackManifest.CURRENT_FORMAT, family.dialect + "-fixture", family.name(),
                    PackManifest.KIND_LEARNED, family.dialect + " (random weights)",
                    "shared/data/sam-family fixtures: published layout, seeded random weights", null, models);
            Files.write(dir.resolve(PackManifest.FILE_NAME), ManifestReader.toJson(m));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code .npy} file (little-endian float16 or float32, C order) as floats; {@code shapeOut} receives its shape. */
    public static float[] readNpy(Path file, List<Long> shapeOut) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int major = bytes[6];
            int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
            int start = major == 1 ? 10 : 12;
            String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
            Matcher descr = Pattern.compile("'descr':\\s*'([<>|]?)([fi])(\\d)'").matcher(header);
            Matcher shape = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
            if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
                throw new IllegalArgumentException(file + ": unsupported npy header " + header);
            }
            long n = 1;
            shapeOut.clear();
            for (String d : shape.group(1).split(",")) {
                if (!d.isBlank()) {
                    shapeOut.add(Long.parseLong(d.trim()));
                    n *= Long.parseLong(d.trim());
                }
            }
            int data = start + headerLength;
            float[] out = new float[Math.toIntExact(n)];
            int width = Integer.parseInt(descr.group(3));
            for (int i = 0; i < out.length; i++) {
                out[i] = width == 2 ? halfToFloat(b.getShort(data + 2 * i)) : b.getFloat(data + 4 * i);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** IEEE 754 binary16 → float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}

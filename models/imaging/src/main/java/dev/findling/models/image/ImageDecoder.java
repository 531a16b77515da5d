package dev.findling.models.image;

import dev.findling.models.geometry.ReducedCopies;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes photos into {@link RgbImage}s: JPEG (including CMYK and YCCK, through TwelveMonkeys),
 * PNG, BMP, GIF (first frame) and WebP, with the EXIF orientation applied so that pixels are as a
 * photo viewer shows them.
 *
 * <p>Untrusted input is the normal case here (uploads, whole photo folders), so every call
 * <ol>
 *   <li>rejects data larger than {@link ImageLimits#maxBytes()} before reading it;</li>
 *   <li>recognises the format from the leading bytes and names non-images ("a PDF document");</li>
 *   <li>reads width and height from the header and rejects more than {@link ImageLimits#maxPixels()}
 *       pixels before any pixel is decoded, so a 60000×60000 header in a 100-byte file costs nothing;</li>
 *   <li>turns every decoder failure (exceptions, truncation warnings, impossible allocations) into an
 *       {@link ImageDecodeException} with reason {@code CORRUPT}, and stops decoders that would spin
 *       on damaged data (see {@link GuardedImageInputStream}).</li>
 * </ol>
 * Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {
    static {
        ImagePlugins.ensureRegistered();
    }

    private ImageDecoder() {
    }

    /** Format and displayed size from the header only; no limits are applied and no pixels decoded. */
    public static ImageHeader probe(byte[] bytes) {
        ImageSignature.Detected detected = detect(bytes, bytes.length);
        int orientation = orientation(bytes, detected);
        try (ImageInputStream in = new GuardedImageInputStream(bytes, detected.name())) {
            return header(in, detected, orientation);
        } catch (IOException e) {
            throw corrupt(detected, e);
        }
    }

    /** Format and displayed size from the header only, reading only the start of the file. */
    public static ImageHeader probe(Path file) {
        byte[] head = readHead(file);
        ImageSignature.Detected detected = detect(head, head.length);
        int orientation = 1;
        if (hasOrientation(detected)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                orientation = ExifOrientation.read(in, detected.name());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("cannot open " + file));
            }
            return header(in, detected, orientation);
        } catch (IOException e) {
            throw corrupt(detected, e);
        }
    }

    /** Decodes a file; see the class comment for the checks. I/O failures (missing file) are {@link UncheckedIOException}s. */
    public static RgbImage read(Path file, ImageLimits limits) {
        return read(readWithinLimit(file, limits), limits);
    }

    public static RgbImage read(byte[] bytes, ImageLimits limits) {
        return read(bytes, limits, null);
    }

    /** As {@link #read(byte[], ImageLimits, WorkingResolution)} for a file. */
    public static RgbImage read(Path file, ImageLimits limits, WorkingResolution resolution) {
        return read(readWithinLimit(file, limits), limits, resolution);
    }

    /**
     * Decodes a photo for the models: with the checks of {@link #read(byte[], ImageLimits)}, but a photo far larger
     * than {@code resolution} asks for is decoded as a reduced copy ({@link WorkingResolution}: subsampled by the
     * format's reader while it decodes, so the full-size pixels are never held; area-averaged after decoding for a
     * reader that cannot subsample). The limits apply to the photo's own size, and the result's
     * {@link RgbImage#sourceWidth()}×{@link RgbImage#sourceHeight()} keep it (after EXIF orientation).
     *
     * @param resolution the models' working resolution, or null to decode every pixel
     */
    public static RgbImage read(byte[] bytes, ImageLimits limits, WorkingResolution resolution) {
        Decoded decoded = decode(bytes, limits, resolution);
        BufferedImage image = decoded.image();
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = Rasters.toRgb(image);
        image = null; // let the decoder's raster go before the oriented copy is made
        if (decoded.subsampling() > 1 && (w != reducedSide(decoded.sourceWidth(), decoded.subsampling())
                || h != reducedSide(decoded.sourceHeight(), decoded.subsampling()))) {
            // The reader ignored the subsampling request: average k×k blocks of what it decoded.
            rgb = ReducedCopies.averageBlocks(rgb, w, h, 3, decoded.subsampling());
            w = reducedSide(w, decoded.subsampling());
            h = reducedSide(h, decoded.subsampling());
        }
        int orientation = decoded.orientation();
        byte[] oriented = ExifOrientation.apply(rgb, w, h, 3, orientation);
        boolean swap = ExifOrientation.swapsAxes(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        if (decoded.subsampling() == 1) {
            return RgbImage.wrap(ow, oh, oriented);
        }
        return swap ? RgbImage.wrapReduced(ow, oh, oriented, decoded.sourceHeight(), decoded.sourceWidth())
                : RgbImage.wrapReduced(ow, oh, oriented, decoded.sourceWidth(), decoded.sourceHeight());
    }

    /** Samples a reader keeps on an axis of {@code side} samples when it takes every {@code k}-th (ImageIO's rule). */
    static int reducedSide(int side, int k) {
        return (side + k - 1) / k;
    }

    /**
     * A decoded image as the decoder returned it, with the orientation still to apply; {@code sourceWidth} and
     * {@code sourceHeight} are the stored size from the header, {@code subsampling} the factor that was asked for.
     */
    record Decoded(String format, BufferedImage image, int orientation, int sourceWidth, int sourceHeight, int subsampling) {
    }

    /** Reads a file's bytes after checking its size against the byte limit. */
    static byte[] readWithinLimit(Path file, ImageLimits limits) {
        try {
            long size = Files.size(file);
            checkBytes(size, limits);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Decodes to a {@link BufferedImage} with all checks; shared with {@link MaskImages}. */
    static Decoded decode(byte[] bytes, ImageLimits limits) {
        return decode(bytes, limits, null);
    }

    /** As {@link #decode(byte[], ImageLimits)}, asking the reader to subsample as {@code resolution} says (null: never). */
    static Decoded decode(byte[] bytes, ImageLimits limits, WorkingResolution resolution) {
        checkBytes(bytes.length, limits);
        ImageSignature.Detected detected = detect(bytes, bytes.length);
        int orientation = orientation(bytes, detected);
        ImageReader reader = ImagePlugins.reader(detected.readerFormat());
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        try (ImageInputStream in = new GuardedImageInputStream(bytes, detected.name())) {
            reader.setInput(in);
            reader.addIIOReadWarningListener(listener);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkPixels(detected.name(), width, height, limits);
            int k = resolution == null ? 1 : resolution.subsampling(width, height);
            BufferedImage image;
            if (k > 1) {
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(k, k, 0, 0);
                image = reader.read(0, param);
            } else {
                image = reader.read(0);
            }
            for (String warning : warnings) {
                if (isTruncation(warning)) {
                    throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT,
                            "corrupt " + detected.name() + " image: " + warning + " (the file is cut short)");
                }
            }
            return new Decoded(detected.name(), image, orientation, width, height, k);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(detected, e);
        } catch (OutOfMemoryError e) {
            // Only reachable when damaged data makes a decoder size a buffer from garbage: the pixel
            // limit already bounds honest images. The failed allocation never happened, so the heap is intact.
            throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT,
                    "corrupt " + detected.name() + " image: decoding it would need more memory than is available", e);
        } finally {
            reader.dispose();
        }
    }

    static void checkBytes(long size, ImageLimits limits) {
        if (size > limits.maxBytes()) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_BYTES, String.format(Locale.ROOT,
                    "image data is %,d bytes but the limit is %,d bytes", size, limits.maxBytes()));
        }
    }

    private static void checkPixels(String format, int width, int height, ImageLimits limits) {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT,
                    "corrupt " + format + " image: its header declares a size of " + width + "×" + height);
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(ImageDecodeException.Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT,
                    "%s image is %d×%d = %.1f megapixels but the limit is %.1f megapixels",
                    format, width, height, pixels / 1e6, limits.maxPixels() / 1e6));
        }
    }

    private static ImageHeader header(ImageInputStream in, ImageSignature.Detected detected, int orientation)
            throws IOException {
        ImageReader reader = ImagePlugins.reader(detected.readerFormat());
        try {
            reader.setInput(in);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new ImageDecodeException(ImageDecodeException.Reason.CORRUPT,
                        "corrupt " + detected.name() + " image: its header declares a size of " + width + "×" + height);
            }
            return ExifOrientation.swapsAxes(orientation)
                    ? new ImageHeader(detected.name(), height, width)
                    : new ImageHeader(detected.name(), width, height);
        } catch (RuntimeException e) {
            if (e instanceof ImageDecodeException ide) {
                throw ide;
            }
            throw corrupt(detected, e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageSignature.Detected detect(byte[] bytes, int length) {
        ImageSignature.Detected detected = ImageSignature.detect(bytes, Math.min(length, ImageSignature.PREFIX));
        if (!detected.supported()) {
            throw new ImageDecodeException(ImageDecodeException.Reason.UNSUPPORTED_FORMAT,
                    "not a supported image: the data looks like " + detected.name()
                            + "; supported formats are " + ImageSignature.SUPPORTED);
        }
        return detected;
    }

    private static boolean hasOrientation(ImageSignature.Detected detected) {
        // BMP and GIF carry no EXIF.
        return switch (detected.name()) {
            case "JPEG", "PNG", "WebP" -> true;
            default -> false;
        };
    }

    private static int orientation(byte[] bytes, ImageSignature.Detected detected) {
        return hasOrientation(detected) && MetadataChunks.fitInFile(bytes, detected.name())
                ? ExifOrientation.read(new ByteArrayInputStream(bytes), detected.name()) : 1;
    }

    private static byte[] readHead(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ImageSignature.PREFIX);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** libjpeg reports a cut-off file as a warning and fills the rest with gray; that is data loss. */
    private static boolean isTruncation(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncated") || w.contains("unexpected end");
    }

    private static ImageDecodeException corrupt(ImageSignature.Detected detected, Throwable cause) {
        String detail = cause.getMessage();
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null) {
            detail = (detail == null ? "" : detail + ": ") + root.getMessage();
        }
        if (root instanceof java.io.EOFException || (detail != null && detail.toLowerCase(Locale.ROOT).contains("eof"))) {
            detail = (detail == null ? "" : detail + " — ") + "the file is cut short";
        }
        return new ImageDecodeException(ImageDecodeException.Reason.CORRUPT,
                "corrupt " + detected.name() + " image: " + (detail == null ? cause.getClass().getSimpleName() : detail), cause);
    }
}

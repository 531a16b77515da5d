package dev.findling.models.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;

import java.io.InputStream;
import java.util.List;

/**
 * The EXIF orientation tag (1–8) and the pixel transform that makes an image look as a photo viewer
 * shows it. Cameras store the sensor's pixels and record the rotation in this tag; decoders do not
 * apply it, so a portrait phone photo comes out lying on its side without this step.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    /**
     * Reads the orientation from the metadata of a JPEG, PNG (eXIf) or WebP stream. Damaged or
     * absent metadata means "as stored" (1): a photo whose pixels decode must not be rejected
     * because of its EXIF block.
     */
    static int read(InputStream in, String format) {
        try {
            Metadata metadata = "JPEG".equals(format)
                    // Only the EXIF segment: the reader stops at the start of the entropy-coded data.
                    ? JpegMetadataReader.readMetadata(in, List.of(new ExifReader()))
                    : ImageMetadataReader.readMetadata(in);
            for (ExifIFD0Directory dir : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
                Integer value = dir.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
                if (value != null && value >= 1 && value <= 8) {
                    return value;
                }
            }
            return 1;
        } catch (Exception | StackOverflowError e) {
            return 1;
        }
    }

    static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * Applies an orientation to interleaved pixels ({@code channels} bytes per pixel, row-major).
     * Returns the input array itself for orientation 1.
     *
     * @return the transformed pixels; their width is {@code height} when {@link #swapsAxes} is true
     */
    static byte[] apply(byte[] src, int width, int height, int channels, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        boolean swap = swapsAxes(orientation);
        int outW = swap ? height : width;
        int outH = swap ? width : height;
        byte[] out = new byte[src.length];
        int rowStride = width * channels;
        for (int oy = 0; oy < outH; oy++) {
            // Output row oy walks the source along a row or a column: start index and step per pixel
            // (EXIF 2.32, tag 0x0112: the source pixel (sx, sy) that is shown at (ox, oy)).
            int start;
            int step;
            switch (orientation) {
                case 2 -> { start = oy * rowStride + (width - 1) * channels; step = -channels; }            // mirrored horizontally
                case 3 -> { start = (height - 1 - oy) * rowStride + (width - 1) * channels; step = -channels; } // rotated 180°
                case 4 -> { start = (height - 1 - oy) * rowStride; step = channels; }                       // mirrored vertically
                case 5 -> { start = oy * channels; step = rowStride; }                                      // transposed
                case 6 -> { start = (height - 1) * rowStride + oy * channels; step = -rowStride; }          // needs 90° clockwise
                case 7 -> { start = (height - 1) * rowStride + (width - 1 - oy) * channels; step = -rowStride; } // transversed
                default -> { start = (width - 1 - oy) * channels; step = rowStride; }                      // 8: needs 90° counter-clockwise
            }
            int o = oy * outW * channels;
            int s = start;
            if (channels == 3) {
                for (int ox = 0; ox < outW; ox++, s += step) {
                    out[o++] = src[s];
                    out[o++] = src[s + 1];
                    out[o++] = src[s + 2];
                }
            } else {
                for (int ox = 0; ox < outW; ox++, s += step) {
                    for (int c = 0; c < channels; c++) {
                        out[o++] = src[s + c];
                    }
                }
            }
        }
        return out;
    }
}

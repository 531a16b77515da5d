package dev.findling.models.image;

/**
 * How large an image may be before it is decoded. Both limits are checked before any pixel is
 * decoded: the byte count from the file size, the pixel count from the image header.
 *
 * @param maxPixels largest width × height accepted
 * @param maxBytes  largest encoded size accepted, in bytes
 */
public record ImageLimits(long maxPixels, long maxBytes) {
    /** 100 megapixels and 200 MB (decimal): larger than any camera photo, small enough to decode safely. */
    public static final ImageLimits DEFAULT = new ImageLimits(100_000_000L, 200_000_000L);

    public ImageLimits {
        if (maxPixels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("image limits must be positive but are " + maxPixels
                    + " pixels and " + maxBytes + " bytes");
        }
    }
}

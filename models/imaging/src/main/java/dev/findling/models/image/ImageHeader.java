package dev.findling.models.image;

/**
 * What an image's header says, read without decoding pixels.
 *
 * @param format {@code JPEG}, {@code PNG}, {@code BMP}, {@code GIF} or {@code WebP}
 * @param width  width as displayed, i.e. after the EXIF orientation is applied (orientations 5–8
 *               swap the stored width and height), so it equals what {@link ImageDecoder#read} returns
 * @param height height as displayed
 */
public record ImageHeader(String format, int width, int height) {
    public long pixelCount() {
        return (long) width * height;
    }
}

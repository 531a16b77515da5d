package dev.findling.models.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import java.util.Iterator;
import java.util.List;

/**
 * Makes sure the TwelveMonkeys readers (CMYK/YCCK JPEG, WebP, BMP) are registered with ImageIO.
 *
 * <p>ImageIO discovers plugins with the class loader that first touches it. In a Spring Boot
 * repackaged jar the nested jars are visible only to the application class loader, so a scan made
 * by the JDK's own loader misses them, and WebP or CMYK JPEGs then fail only in production. This
 * class rescans once with the context class loader and, should a reader still be missing, registers
 * the provider instances directly: a direct reference cannot be missed by any class loader.
 */
final class ImagePlugins {
    private static volatile boolean scanned;
    private static final List<ImageReaderSpi> REQUIRED = List.of(
            new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi(),
            new com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi(),
            new com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi());

    private ImagePlugins() {
    }

    /**
     * Scans once, then on every call checks (three map look-ups) that the required providers are
     * still registered, re-registering any that another component deregistered.
     */
    static void ensureRegistered() {
        if (!scanned) {
            synchronized (ImagePlugins.class) {
                if (!scanned) {
                    // Readers get their data from memory; a disk cache only adds temp files.
                    ImageIO.setUseCache(false);
                    ImageIO.scanForPlugins();
                    scanned = true;
                }
            }
        }
        IIORegistry registry = IIORegistry.getDefaultInstance();
        for (ImageReaderSpi spi : REQUIRED) {
            if (registry.getServiceProviderByClass(spi.getClass()) == null) {
                registry.registerServiceProvider(spi, ImageReaderSpi.class);
            }
        }
    }

    /**
     * The preferred reader for an ImageIO format name. TwelveMonkeys' JPEG provider orders itself
     * before the JDK's on registration, so the first reader is the one that handles CMYK.
     */
    static ImageReader reader(String format) {
        ensureRegistered();
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader is registered for " + format
                    + "; the TwelveMonkeys imageio jars are missing from the class path");
        }
        return readers.next();
    }

    /** True when a reader for {@code format} is registered (used by start-up checks and tests). */
    static boolean canRead(String format) {
        ensureRegistered();
        return ImageIO.getImageReadersByFormatName(format).hasNext();
    }
}

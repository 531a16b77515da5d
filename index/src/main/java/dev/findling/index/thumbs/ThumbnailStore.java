package dev.findling.index.thumbs;

import dev.findling.models.image.RgbImage;
import dev.findling.models.image.Thumbnails;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * JPEG thumbnails (area-averaged by {@link Thumbnails}) keyed by content hash: generated once
 * (during ingestion, when the image is decoded anyway), shared by duplicate files, written atomically.
 */
public final class ThumbnailStore {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final float JPEG_QUALITY = 0.85f;

    private final Path directory;
    private final int maxSide;

    public ThumbnailStore(Path directory, int maxSide) {
        this.directory = directory;
        this.maxSide = maxSide;
    }

    public Optional<byte[]> get(String sha256) {
        try {
            return Optional.of(Files.readAllBytes(fileFor(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read thumbnail " + fileFor(sha256), e);
        }
    }

    public boolean contains(String sha256) {
        return Files.isRegularFile(fileFor(sha256));
    }

    /** Creates the thumbnail unless it exists; returns its JPEG bytes. */
    public byte[] ensure(String sha256, RgbImage image) {
        Optional<byte[]> existing = get(sha256);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] jpeg = Thumbnails.jpeg(Thumbnails.fit(image, maxSide), JPEG_QUALITY);
        Path file = fileFor(sha256);
        Path temp = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temp, jpeg);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write thumbnail " + file, e);
        }
        return jpeg;
    }

    Path fileFor(String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
        }
        return directory.resolve(sha256.substring(0, 2)).resolve(sha256 + ".jpg");
    }

}

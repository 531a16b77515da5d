package dev.findling.models.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Streamed SHA-256 in lower-case hex, the form pack manifests and Hugging Face LFS pointers use. */
public final class Sha256 {
    private static final int BUFFER = 1 << 20;

    private Sha256() {
    }

    public static String of(byte[] bytes) {
        return hex(digest().digest(bytes));
    }

    /** Hashes a file without loading it: model files are hundreds of megabytes. */
    public static String of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
        }
    }

    /** Hashes the rest of the stream (which the caller closes). */
    public static String of(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            md.update(buffer, 0, n);
        }
        return hex(md.digest());
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** True for a 64-character lower-case hex string. */
    public static boolean isValid(String sha256) {
        return sha256 != null && sha256.matches("[0-9a-f]{64}");
    }
}

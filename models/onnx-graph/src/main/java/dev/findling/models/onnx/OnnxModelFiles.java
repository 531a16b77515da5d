package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads and writes ONNX model files. Writes go to a temporary file beside the target that is then moved into
 * place, so a crash or a full disk never leaves a half-written model where a pack expects a whole one.
 */
public final class OnnxModelFiles {
    /** ONNX models over 2 GB keep their weights in external files; protobuf cannot hold more in one message. */
    private static final long MAX_SINGLE_FILE_BYTES = Integer.MAX_VALUE;

    private OnnxModelFiles() {
    }

    public static OnnxMl.ModelProto read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_SINGLE_FILE_BYTES) {
            throw new IOException(file + " is " + size + " bytes; models over 2 GB (external data) are not supported here");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return OnnxMl.ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
    }

    public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

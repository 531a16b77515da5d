package dev.findling.models.testing;

import dev.findling.models.ModelPack;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.ExecutionSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The generated reference pack for tests of every module: written once per JVM into the models
 * module's build folder ({@code models/target<suffix>/reference-pack}, next to the test classes or
 * test jar this class was loaded from; {@code java.io.tmpdir} when that is not a build folder) and
 * opened once as a shared {@link ModelPack}. Set {@code findling.reference.pack.dir} to put it
 * elsewhere. A file lock keeps concurrent test JVMs from writing it at the same time.
 */
public final class ReferencePackFixture {
    public static final String DIR_PROPERTY = "findling.reference.pack.dir";

    private static Path directory;
    private static ModelPack pack;

    private ReferencePackFixture() {
    }

    /** The pack folder, generated on first use. */
    public static synchronized Path directory() {
        if (directory == null) {
            Path dir = location();
            generate(dir);
            directory = dir;
        }
        return directory;
    }

    /** One open pack shared by every test of this JVM (closed when the JVM exits). */
    public static synchronized ModelPack pack() {
        if (pack == null) {
            ModelPack opened = ModelPack.open(directory(), ExecutionSettings.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(opened::close, "reference-pack-close"));
            pack = opened;
        }
        return pack;
    }

    private static void generate(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                ReferencePack.ensure(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the reference pack in " + dir, e);
        }
    }

    /** {@code target*}/reference-pack of the build this class came from. */
    static Path location() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path code = Path.of(ReferencePackFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // test-classes/ or findling-models-…-tests.jar, both directly inside the build folder.
            Path buildDir = code.getParent();
            if (buildDir != null && buildDir.getFileName() != null
                    && buildDir.getFileName().toString().startsWith("target")) {
                return buildDir.resolve("reference-pack");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the temporary folder
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "findling-reference-pack-" + System.getProperty("user.name"));
    }
}

package dev.findling.app.cli;

import dev.findling.app.TestData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Under {@code LC_ALL=C} the JVM would read file names as ASCII and refuse a ROOT with non-ASCII letters; the
 * {@code ./findling} launcher runs Java in a UTF-8 locale then. Checked with the real launcher and the real JVM,
 * which is asked for the file-name encoding it chose ({@code sun.jnu.encoding}) instead of running the jar.
 */
class LauncherLocaleTest {

    @Test
    void underTheCLocaleJavaStillReadsFileNamesAsUtf8() throws Exception {
        Path launcher = TestData.repoRoot().resolve("findling");
        assumeTrue(Files.isRegularFile(launcher) && Files.isExecutable(Path.of("/bin/bash")), "needs ./findling and bash");
        Path work = TestData.newTempDir("findling-launcher-");
        Files.copy(launcher, work.resolve("findling"));
        Files.createDirectories(work.resolve("app/target"));
        Files.write(work.resolve("app/target/findling.jar"), new byte[0]); // present, so the launcher does not build
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stub = bin.resolve("java");
        Files.writeString(stub, "#!/bin/sh\nexec '" + realJava + "' -XshowSettings:properties -version\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("/bin/bash", work.resolve("findling").toString(), "index", "/photos/été")
                .redirectErrorStream(true);
        pb.environment().remove("LANG");
        pb.environment().remove("LC_CTYPE");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("sun.jnu.encoding = UTF-8");
    }
}

package dev.findling.app.cli;

import dev.findling.app.cleaning.CleanDatasetCommand;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.app.concepts.EvalPersegCommand;
import dev.findling.app.concepts.FindCommand;
import dev.findling.app.library.IndexCommand;
import dev.findling.app.library.ReindexCommand;
import dev.findling.app.packs.ModelsCommand;
import dev.findling.app.segmentation.CalibrateCommand;
import dev.findling.app.segmentation.SegmentCommand;
import dev.findling.app.tokenizer.TokenizeCommand;
import dev.findling.models.runtime.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The root command. Its options are global (accepted before or after the subcommand name) and map onto the
 * same {@code findling.*} properties the server reads, so {@code --data-dir X} and {@code FINDLING_DATA_DIR=X}
 * mean the same thing.
 *
 * <p>New CLI commands register in {@code subcommands} below; each is an {@link ApplicationCommand} living in
 * its feature's package (like {@link ModelsCommand} in {@code packs}).
 */
@Command(name = "findling",
        mixinStandardHelpOptions = true,
        versionProvider = FindlingCommand.ManifestVersion.class,
        description = {
                "Find your object across a photo library from one example; segment what a sentence names.",
                "Without a command, starts the web UI and REST API (same as 'serve')."},
        subcommands = {
                ServeCommand.class,
                ModelsCommand.class,
                TokenizeCommand.class,
                FindCommand.class,
                EvalPersegCommand.class,
                SegmentCommand.class,
                CalibrateCommand.class,
                CleanDatasetCommand.class,
                IndexCommand.class,
                ReindexCommand.class,
        },
        footer = {"",
                "Settings also come from the environment (FINDLING_DATA_DIR, FINDLING_PACK_DIR,",
                "FINDLING_DEVICE, FINDLING_DEVICE_FALLBACK, FINDLING_INTRA_OP_THREADS,",
                "FINDLING_CLIP_VOCAB, SERVER_PORT) and from application.yml in the working",
                "directory or in ./config/.",
                "Exit codes: 0 success, 1 runtime error, 2 usage error."})
public class FindlingCommand {

    @Option(names = "--data-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where Findling keeps packs, indexes and caches (findling.data-dir; default ./data).")
    Path dataDir;

    @Option(names = "--pack-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The model pack to use (findling.pack-dir; default <data-dir>/packs/findling-reference-v1, generated when missing).")
    Path packDir;

    @Option(names = "--device", paramLabel = "DEVICE", scope = ScopeType.INHERIT,
            description = "Execution device: cpu, cuda or auto (findling.device; default cpu).")
    Device device;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print startup logs and stack traces.")
    boolean verbose;

    /** The Spring properties the global options set; empty for options not given. */
    Map<String, String> applicationProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (dataDir != null) {
            properties.put("findling.data-dir", dataDir.toAbsolutePath().normalize().toString());
        }
        if (packDir != null) {
            properties.put("findling.pack-dir", packDir.toAbsolutePath().normalize().toString());
        }
        if (device != null) {
            properties.put("findling.device", device.name().toLowerCase(Locale.ROOT));
        }
        return properties;
    }

    boolean verbose() {
        return verbose;
    }

    /** {@code --version}: the jar manifest's Implementation-Version. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FindlingCommand.class.getPackage().getImplementationVersion();
            return new String[]{"findling " + (version == null ? "(development build)" : version)};
        }
    }
}

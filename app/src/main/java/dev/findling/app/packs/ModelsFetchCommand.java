package dev.findling.app.packs;

import dev.findling.app.command.ExitCode;
import dev.findling.app.FindlingProperties;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.models.fetch.KnownPack;
import dev.findling.models.fetch.KnownPacks;
import dev.findling.models.fetch.PackFetcher;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Collectors;

/** {@code models fetch NAME}: downloads a real pack with pinned SHA-256 sums into {@code <data-dir>/packs}. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download a real model pack (needs internet access).",
                "Every file is checked against its pinned SHA-256 and size; files already present are not",
                "downloaded again. The pack goes to <data-dir>/packs/<pack id>."})
class ModelsFetchCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", completionCandidates = KnownPackNames.class,
            description = "The pack to download: ${COMPLETION-CANDIDATES}.")
    String name;

    @Autowired
    FindlingProperties properties;

    @Override
    public Integer call() {
        KnownPack pack = KnownPacks.byName(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Unknown pack '" + name + "'; known packs: "
                        + KnownPacks.all().stream().map(KnownPack::name).collect(Collectors.joining(", "))));
        Path packsDir = properties.dataDir().resolve("packs");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.printf("Fetching %s (%.1f MB) into %s%n", pack.name(), pack.totalBytes() / 1_000_000.0,
                PackFetcher.packDirectory(pack, packsDir));
        FetchProgressBar bar = new FetchProgressBar(err, System.console() != null);
        Path dir;
        try {
            dir = new PackFetcher().download(pack, packsDir, bar);
        } finally {
            bar.finish();
        }
        out.println("Installed " + pack.name() + " in " + dir);
        out.println("Use it with FINDLING_PACK_DIR=" + dir + " (or --pack-dir " + dir + ").");
        return ExitCode.OK;
    }

    /** Completion candidates and the help text's list of pack names. */
    static final class KnownPackNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return KnownPacks.all().stream().map(KnownPack::name).iterator();
        }
    }
}

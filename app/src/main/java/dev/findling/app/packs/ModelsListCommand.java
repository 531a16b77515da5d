package dev.findling.app.packs;

import dev.findling.app.command.ExitCode;
import dev.findling.app.FindlingProperties;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.models.fetch.KnownPack;
import dev.findling.models.fetch.KnownPacks;
import dev.findling.models.fetch.PackFetcher;
import dev.findling.models.pack.DerivedPerSamDecoder;
import dev.findling.models.onnx.DenseClipFormula;
import dev.findling.models.pack.DerivedHeads;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.TokenizerSpec;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code models list}: every pack next to the configured one, with its roles, dialects and files. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the installed model packs and the ones to download.",
                "Shows the configured pack (marked *) and the others in its folder and under <data-dir>/packs, with",
                "their roles, dialects and files; then the real packs 'models fetch' can download. The reference",
                "pack is generated first when it is the configured pack and missing."})
class ModelsListCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Autowired
    PackCatalog catalog;

    @Autowired
    FindlingProperties properties;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<PackCatalog.Entry> entries = catalog.list();
        boolean first = true;
        for (PackCatalog.Entry entry : entries) {
            if (!first) {
                out.println();
            }
            first = false;
            print(out, entry);
        }
        printDownloadable(out);
        PackCatalog.Entry active = entries.get(0);
        if (active.manifest() == null) {
            spec.commandLine().getErr().println("findling: the configured pack " + active.directory()
                    + " is not usable; set FINDLING_PACK_DIR or --pack-dir to a pack folder");
            return ExitCode.ERROR;
        }
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, PackCatalog.Entry entry) {
        String marker = entry.active() ? "* " : "  ";
        PackManifest m = entry.manifest();
        if (m == null) {
            out.println(marker + "(unreadable pack)");
            out.println("    directory: " + entry.directory());
            out.println("    error:     " + entry.error());
            return;
        }
        out.println(marker + m.id() + "  " + m.name() + (m.label() == null ? "" : " — " + m.label()));
        out.println("    directory: " + entry.directory());
        out.println("    kind:      " + m.kind());
        int roleWidth = width(m.models().stream().map(ModelEntry::role));
        int dialectWidth = width(m.models().stream().map(ModelEntry::dialect));
        out.println("    roles:");
        for (ModelEntry model : m.models()) {
            out.println("      " + pad(model.role(), roleWidth) + "  " + pad(model.dialect(), dialectWidth) + "  "
                    + model.file() + (model.dimension() == null ? "" : "  (dim " + model.dimension() + ")")
                    + derivation(entry.directory(), model));
        }
        DerivedPerSamDecoder.listing(entry.directory(), m).ifPresent(line -> out.println("    derived:   " + line));
        TokenizerSpec tokenizer = m.tokenizer();
        if (tokenizer != null) {
            String files = Stream.of(tokenizer.file(), tokenizer.vocab(), tokenizer.merges())
                    .filter(Objects::nonNull).collect(Collectors.joining(", "));
            out.println("    tokenizer: " + tokenizer.type() + "  " + files);
        }
    }

    /**
     * For an entry whose graph Findling derives from its file: the formula and where the derived graph is (found
     * from the pinned SHA-256 without hashing; an unpinned source is hashed by the first load).
     */
    private static String derivation(Path packDir, ModelEntry model) {
        if (!model.isDerived()) {
            return "";
        }
        String what = "  derived by Findling (" + model.derive() + ")";
        if (model.sha256() == null || DenseClipFormula.byId(model.derive()).isEmpty()) {
            return what + ", made on the first load";
        }
        Path derived = DerivedHeads.location(packDir, model, model.sha256());
        return what + " → " + packDir.toAbsolutePath().normalize().relativize(derived)
                + (Files.isRegularFile(derived) ? "" : " (made on the first load)");
    }

    /** The real packs {@code models fetch} knows, so a user sees what else there is. */
    private void printDownloadable(PrintWriter out) {
        Path packsDir = properties.dataDir().resolve("packs");
        List<KnownPack> known = KnownPacks.all();
        int nameWidth = width(known.stream().map(KnownPack::name));
        out.println();
        out.println("Real packs to download with 'findling models fetch NAME' (needs internet access):");
        for (KnownPack pack : known) {
            boolean installed = Files.isRegularFile(PackFetcher.packDirectory(pack, packsDir).resolve(PackManifest.FILE_NAME));
            out.println("  " + pad(pack.name(), nameWidth) + "  " + pack.summary() + (installed ? "  [installed]" : ""));
        }
    }

    private static int width(Stream<String> values) {
        return values.filter(Objects::nonNull).mapToInt(String::length).max().orElse(0);
    }

    private static String pad(String s, int width) {
        String value = s == null ? "?" : s;
        return value + " ".repeat(Math.max(0, width - value.length()));
    }
}

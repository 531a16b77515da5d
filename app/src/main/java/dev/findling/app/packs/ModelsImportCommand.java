package dev.findling.app.packs;

import dev.findling.app.cli.ApplicationCommand;
import dev.findling.app.cli.FindlingCli;
import dev.findling.models.pack.importing.PackImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code models import DIR}: makes a pack of a folder of one's own ONNX exports. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Make a pack of a folder of ONNX exports.",
                "Reads every .onnx file in DIR and recognises its role and dialect from its inputs and outputs",
                "(SAM encoders with or without in-graph preprocessing, sam-onnx decoders with four or one mask,",
                "PerSAM's decoder, CLIP text and vision towers in Hugging Face Optimum's layout). A CLIP text",
                "encoder takes its tokenizer from DIR (bpe_simple_vocab_16e6.txt.gz, tokenizer.json, or",
                "vocab.json + merges.txt). Writes DIR/pack.json with every file pinned by SHA-256 once the pack",
                "verifies; otherwise writes nothing and names each graph it could not use. Exit code 0 when the",
                "pack was written, 1 otherwise."})
class ModelsImportCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The folder holding the .onnx files.")
    Path directory;

    @Option(names = "--id", paramLabel = "ID",
            description = "Pack id (default: the folder's name and a hash of the pinned files).")
    String id;

    @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the folder's name).")
    String name;

    @Option(names = "--replace", description = "Replace an existing pack.json in DIR.")
    boolean replace;

    @Override
    public Integer call() {
        PackImporter.Report report = PackImporter.importFolder(directory, new PackImporter.Options(id, name, replace));
        PrintWriter out = report.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr();
        out.print(report.toText());
        if (report.ok()) {
            out.println("Use it with FINDLING_PACK_DIR=" + report.directory() + " (or --pack-dir " + report.directory() + ").");
        }
        out.flush();
        return report.ok() ? FindlingCli.EXIT_OK : FindlingCli.EXIT_ERROR;
    }
}

package dev.findling.app.packs;

import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.models.pack.PackVerifier;
import dev.findling.models.pack.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** {@code models verify DIR}: manifest, files, SHA-256 and tensor contracts of a pack folder. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a pack folder.",
                "Checks its pack.json, that every file is there, pinned SHA-256 sums, and each ONNX graph's inputs",
                "and outputs against its dialect. Exit code 0 when the pack would load, 1 otherwise."})
class ModelsVerifyCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The pack folder (the one holding pack.json).")
    Path directory;

    @Override
    public Integer call() {
        VerificationReport report = PackVerifier.verify(directory.toAbsolutePath().normalize());
        spec.commandLine().getOut().print(report.toText());
        spec.commandLine().getOut().flush();
        return report.ok() ? ExitCode.OK : ExitCode.ERROR;
    }
}

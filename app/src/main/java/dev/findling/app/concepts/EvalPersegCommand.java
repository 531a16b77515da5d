package dev.findling.app.concepts;

import dev.findling.app.packs.ActivePerSam;
import dev.findling.app.command.ExitCode;
import dev.findling.app.command.ApplicationCommand;
import dev.findling.models.ModelPack;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.eval.PerSegEvaluation;
import org.springframework.beans.factory.annotation.Autowired;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code eval-perseg DIR}: PerSAM and PerSAM-F on a PerSeg-style folder, as personalize's evaluation computes it. */
@Command(name = "eval-perseg", mixinStandardHelpOptions = true,
        description = {"Evaluate PerSAM and PerSAM-F on a PerSeg-style folder with the active model pack.",
                "DIR holds <concept>/NN.jpg with NN.png masks (or Images/<concept>/ and Annotations/<concept>/);",
                "image 00 is each concept's reference. Prints per-concept IoU and boundary IoU for both methods and",
                "their means (mIoU, bIoU) as a table, and writes the full report (per image too) as JSON."})
public class EvalPersegCommand implements ApplicationCommand {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The PerSeg-style folder.")
    Path directory;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.json", defaultValue = "perseg-eval.json",
            description = "Where to write the JSON report (default ${DEFAULT-VALUE}).")
    Path out;

    @Autowired
    ActivePerSam perSam;

    @Override
    public Integer call() {
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "PerSeg folder " + directory + " does not exist or is not a folder");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ModelPack pack = perSam.pack();
        PerSam ps = perSam.require();
        PerSegEvaluation.Report report = PerSegEvaluation.evaluate(directory.toAbsolutePath().normalize(), ps,
                pack.imageEncoder()::encode, pack.displayLabel(), line -> {
                    stderr.println(line);
                    stderr.flush();
                });
        stdout.print(PerSegEvaluation.table(report));
        stdout.flush();
        Path parent = out.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + parent, e);
        }
        PerSegEvaluation.writeJson(report, out);
        stderr.println("report written to " + out + " (" + report.elapsedMillis() + " ms)");
        return ExitCode.OK;
    }
}

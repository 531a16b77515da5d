package dev.findling.app.packs;

import picocli.CommandLine.Command;

/** {@code models list|fetch|verify}: the command group for model packs. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, download and check model packs.",
        subcommands = {ModelsListCommand.class, ModelsFetchCommand.class, ModelsVerifyCommand.class})
public class ModelsCommand {
}

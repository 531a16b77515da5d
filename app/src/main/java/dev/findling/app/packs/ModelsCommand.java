package dev.findling.app.packs;

import picocli.CommandLine.Command;

/** {@code models list|fetch|import|verify}: the command group for model packs. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List, download, import and check model packs.",
        subcommands = {ModelsListCommand.class, ModelsFetchCommand.class, ModelsImportCommand.class,
                ModelsVerifyCommand.class})
public class ModelsCommand {
}

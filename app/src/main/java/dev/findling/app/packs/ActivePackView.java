package dev.findling.app.packs;

/**
 * The active pack as every page sees it (model attribute {@code activePack}): the summary when it loaded,
 * the error and folder when it did not.
 *
 * @param available whether the pack is open
 * @param pack      the summary; null when not available
 * @param directory the configured pack folder
 * @param error     why the pack did not load; null when available
 */
public record ActivePackView(boolean available, PackSummary pack, String directory, String error) {

    static ActivePackView of(PackState state) {
        if (state instanceof PackState.Loaded loaded) {
            return new ActivePackView(true, PackSummary.of(loaded.pack()), loaded.directory().toString(), null);
        }
        PackState.Failed failed = (PackState.Failed) state;
        return new ActivePackView(false, null, failed.directory().toString(), failed.error());
    }

    // Bean-style accessors for Thymeleaf/SpEL expressions such as ${activePack.available}.
    public boolean isAvailable() {
        return available;
    }

    public PackSummary getPack() {
        return pack;
    }

    public String getDirectory() {
        return directory;
    }

    public String getError() {
        return error;
    }
}

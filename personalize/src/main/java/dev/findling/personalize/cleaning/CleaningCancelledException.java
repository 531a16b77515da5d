package dev.findling.personalize.cleaning;

/** A cleaning run stopped because its listener asked to; files of the images done so far stay on disk. */
public final class CleaningCancelledException extends RuntimeException {
    private final int imagesDone;

    public CleaningCancelledException(int imagesDone, int total) {
        super("cleaning cancelled after " + imagesDone + " of " + total + " images");
        this.imagesDone = imagesDone;
    }

    public int imagesDone() {
        return imagesDone;
    }
}

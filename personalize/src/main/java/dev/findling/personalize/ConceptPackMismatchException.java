package dev.findling.personalize;

/** A concept made with one model pack was used with another; its vectors mean nothing there. */
public final class ConceptPackMismatchException extends IllegalArgumentException {
    public ConceptPackMismatchException(String conceptPackId, String packId) {
        super("concept was created with pack '" + conceptPackId + "' but this segmenter uses pack '" + packId
                + "'; re-create the concept from its reference with this pack");
    }
}

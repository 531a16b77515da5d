package dev.findling.models.pack.importing;

import dev.findling.models.pack.ModelEntry;

import java.util.Optional;

/**
 * Recognises one (role, dialect) from a graph's tensor signature, for {@code models import}. One implementation
 * per dialect, all listed in {@link DialectRecognisers}; a new dialect adds its recogniser there and nothing else.
 * Recognisers look only at names, types and declared shapes (and may run the graph once when the declaration
 * leaves out something that decides the dialect); they never guess from file names.
 */
public interface DialectRecogniser {
    /** The manifest role this recogniser produces, e.g. {@code image-encoder}. */
    String role();

    /** The manifest dialect this recogniser produces, e.g. {@code sam-preprocess}. */
    String dialect();

    /**
     * The signature it accepts, in a few words, for the message on a graph nobody recognises, e.g.
     * {@code "one float input [H, W, 3] → image_embeddings [1, 256, 64, 64]"}.
     */
    String expects();

    /**
     * @return the manifest entry for this graph — role, dialect, {@code file} and the name mappings (no SHA-256;
     * the importer pins it) — or empty when the graph is not of this dialect
     */
    Optional<ModelEntry> recognise(GraphSignature graph);
}

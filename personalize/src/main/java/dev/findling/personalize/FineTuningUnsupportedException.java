package dev.findling.personalize;

/**
 * PerSAM-F mixes three multimask candidates; a decoder that returns fewer cannot be fine-tuned. Raised before any
 * work is done, with the decoder's dialect and candidate count (docs/sam-family.md).
 */
public final class FineTuningUnsupportedException extends RuntimeException {
    private final String dialect;
    private final int multimaskCandidates;

    public FineTuningUnsupportedException(String dialect, int multimaskCandidates) {
        super("PerSAM-F mixes three multimask candidates but the " + dialect + " decoder returns "
                + multimaskCandidates + "; create the concept without fine-tuning (plain PerSAM works with this decoder)");
        this.dialect = dialect;
        this.multimaskCandidates = multimaskCandidates;
    }

    /** The decoder's dialect, as the pack names it. */
    public String dialect() {
        return dialect;
    }

    /** How many multimask candidates the decoder returns (PerSAM-F needs three). */
    public int multimaskCandidates() {
        return multimaskCandidates;
    }
}

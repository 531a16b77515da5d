package dev.findling.personalize;

/**
 * PerSAM-F mixes three multimask candidates; a decoder that returns fewer cannot be fine-tuned. Raised before any
 * work is done, with the decoder's dialect and candidate count (docs/sam-family.md).
 */
public final class FineTuningUnsupportedException extends RuntimeException {
    public FineTuningUnsupportedException(String dialect, int multimaskCandidates) {
        super("PerSAM-F mixes three multimask candidates but the " + dialect + " decoder returns "
                + multimaskCandidates + "; create the concept without fine-tuning (plain PerSAM works with this decoder)");
    }
}

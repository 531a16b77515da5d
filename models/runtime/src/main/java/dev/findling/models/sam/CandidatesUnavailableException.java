package dev.findling.models.sam;

/**
 * A feature needs SAM's four candidate masks but the pack's decoder is a single-mask export. The message is
 * the one sentence a user needs: what is wrong and which pack has what is missing.
 */
public final class CandidatesUnavailableException extends RuntimeException {
    /** The known pack whose decoder returns all four candidates ({@code models fetch mobilesam}). */
    public static final String PACK_WITH_CANDIDATES = "mobilesam";

    public CandidatesUnavailableException(String decoderFile) {
        super(decoderFile + " is a single-mask decoder export (--return-single-mask), but segmenting and PerSAM need"
                + " all four candidate masks: use the pack '" + PACK_WITH_CANDIDATES + "' (findling models fetch "
                + PACK_WITH_CANDIDATES + ", Acly/MobileSAM's sam_mask_decoder_multi.onnx) or import a decoder exported"
                + " without --return-single-mask");
    }
}

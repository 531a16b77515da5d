package dev.findling.models.sam;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.PackException;
import dev.findling.models.runtime.BoundSession;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * The SAM-family implementations, one per dialect, chosen once when a pack loads (never by
 * {@code if (dialect == …)} at call sites).
 */
public final class SamDialects {
    private static final Map<String, BiFunction<String, BoundSession, ImageEncoder>> ENCODERS = Map.of(
            "sam", SamImageEncoder::new,
            Dialects.SAM_PREPROCESS, SamImageEncoder::new,
            "edgesam", SamImageEncoder::new,
            "efficientsam", SamImageEncoder::new,
            "efficientvit-sam", SamImageEncoder::new);

    private static final Map<String, BiFunction<String, BoundSession, MaskDecoder>> DECODERS = Map.of(
            Dialects.SAM_ONNX, SamOnnxMaskDecoder::new,
            Dialects.SAM_ONNX_SINGLE, SingleMaskDecoder::new,
            Dialects.PERSAM, PerSamMaskDecoder::new,
            "edgesam", LowResMaskDecoder::edgeSam,
            Dialects.EDGESAM_PERSAM, LowResMaskDecoder::edgeSamGuided,
            "efficientsam", EfficientSamMaskDecoder::new,
            Dialects.EFFICIENTSAM_PERSAM, EfficientSamMaskDecoder::guided,
            "efficientvit-sam", LowResMaskDecoder::efficientVitSam);

    private SamDialects() {
    }

    public static ImageEncoder imageEncoder(String packId, BoundSession session) {
        return pick(ENCODERS, session, "image-encoder").apply(packId, session);
    }

    public static MaskDecoder maskDecoder(String packId, BoundSession session) {
        return pick(DECODERS, session, "mask-decoder").apply(packId, session);
    }

    private static <T> T pick(Map<String, T> implementations, BoundSession session, String role) {
        T impl = implementations.get(session.entry().dialect());
        if (impl == null) {
            throw new PackException(session.file() + ": no " + role + " implementation for dialect '"
                    + session.entry().dialect() + "'; known: " + implementations.keySet());
        }
        return impl;
    }
}

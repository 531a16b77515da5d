package dev.findling.models.clip;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.PackException;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.geometry.ImageResampler;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/** The text-side implementations, one per dialect, chosen once when a pack loads. */
public final class ClipDialects {
    private static final Map<String, BiFunction<String, BoundSession, TextEncoder>> TEXT = Map.of(
            "clip", ClipTextEncoder::new);

    private static final Map<String, BiFunction<String, BoundSession, DenseEncoder>> DENSE = Map.of(
            Dialects.SAMCLIP, (id, s) -> new DenseFeatureEncoder(s, ImageResampler.Filter.BILINEAR),
            "dense-clip", (id, s) -> new SlidingWindowDenseEncoder(s, DenseWindows.DEFAULT));

    private static final Map<String, BiFunction<String, BoundSession, ImageEmbedder>> IMAGE = Map.of(
            "clip", ClipImageEmbedder::new);

    private ClipDialects() {
    }

    public static TextEncoder textEncoder(String packId, BoundSession session) {
        return pick(TEXT, session).apply(packId, session);
    }

    public static DenseEncoder denseEncoder(String packId, BoundSession session) {
        return pick(DENSE, session).apply(packId, session);
    }

    /** A {@code dense-clip} encoder with other windows than the default (benchmarks, tests, calibration). */
    public static DenseEncoder slidingWindowEncoder(BoundSession session, DenseWindows windows) {
        return new SlidingWindowDenseEncoder(session, windows);
    }

    public static ImageEmbedder imageEmbedder(String packId, BoundSession session) {
        return pick(IMAGE, session).apply(packId, session);
    }

    /**
     * The merged backbone when the image encoder and the {@code samclip} dense encoder are one file (one
     * shared session), else empty. The pack loader has already refused a shared file whose two entries do
     * not feed the same input the same way.
     */
    public static Optional<SamClipBackbone> samClipBackbone(String packId, BoundSession imageEncoder, BoundSession denseEncoder) {
        if (imageEncoder == null || denseEncoder == null || imageEncoder.session() != denseEncoder.session()
                || !Dialects.SAMCLIP.equals(denseEncoder.entry().dialect())) {
            return Optional.empty();
        }
        return Optional.of(new MergedSamClipBackbone(packId, imageEncoder, denseEncoder));
    }

    private static <T> T pick(Map<String, T> implementations, BoundSession session) {
        T impl = implementations.get(session.entry().dialect());
        if (impl == null) {
            throw new PackException(session.file() + ": no " + session.entry().role() + " implementation for dialect '"
                    + session.entry().dialect() + "'; known: " + implementations.keySet());
        }
        return impl;
    }

    /**
     * An embedding's length: the manifest's {@code dimension}, else the output's fixed size on
     * {@code axis}, else {@code probe} (null when probing is too costly: then the manifest must say).
     * A manifest value that contradicts the graph is an error.
     */
    static int dimension(BoundSession session, String output, int axis, IntSupplier probe) {
        Integer declared = session.entry().dimension();
        Optional<Long> fixed = session.staticOutputDim(output, axis);
        if (declared != null && fixed.isPresent() && fixed.get() != declared.longValue()) {
            throw new PackException(session.file() + ": pack.json says dimension " + declared + " but output '"
                    + session.entry().outputName(output) + "' is fixed at " + fixed.get());
        }
        if (declared != null) {
            return declared;
        }
        if (fixed.isPresent()) {
            return fixed.get().intValue();
        }
        if (probe == null) {
            throw new PackException(session.file() + ": output '" + session.entry().outputName(output)
                    + "' does not fix its length; give \"dimension\" in pack.json");
        }
        return probe.getAsInt();
    }
}

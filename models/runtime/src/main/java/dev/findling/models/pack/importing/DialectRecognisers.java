package dev.findling.models.pack.importing;

import dev.findling.models.pack.ModelEntry;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every dialect {@code models import} recognises, in the order they are tried: the first recogniser that accepts
 * a graph decides its role and dialect. To support a new export, add its {@link DialectRecogniser} here, before
 * any more general one it overlaps with (a stricter signature first).
 */
public final class DialectRecognisers {
    private static final List<DialectRecogniser> ALL = List.of(
            // EfficientSAM's encoder has SAM's rank-4 layout with dynamic H and W: its input name must decide first.
            SamFamilyRecognisers.efficientSamEncoder(),
            SamEncoderRecogniser.withPreprocessing(),
            SamEncoderRecogniser.plain(),
            new PerSamDecoderRecogniser(),
            SamDecoderRecogniser.multimask(),
            SamDecoderRecogniser.singleMask(),
            SamFamilyRecognisers.efficientSamDecoder(),
            SamFamilyRecognisers.edgeSamDecoder(),
            ClipRecogniser.textTower(),
            ClipRecogniser.visionTower());

    private DialectRecognisers() {
    }

    public static List<DialectRecogniser> all() {
        return ALL;
    }

    /** The entry for {@code graph} from the first recogniser that accepts it. */
    public static Optional<ModelEntry> recognise(GraphSignature graph) {
        for (DialectRecogniser r : ALL) {
            Optional<ModelEntry> entry = r.recognise(graph);
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }

    /** The sentence for a graph nobody recognises: what it has and what each dialect expects. */
    public static String unrecognised(GraphSignature graph) {
        return graph.file() + " is not a graph Findling recognises: it has " + graph.describe()
                + "; expected one of: " + ALL.stream()
                .map(r -> r.role() + " " + r.dialect() + " (" + r.expects() + ")")
                .collect(Collectors.joining("; "));
    }
}

package dev.findling.semantic;

import java.util.List;
import java.util.Optional;

/**
 * The result of one text query on one image.
 *
 * @param packId    the pack that computed it
 * @param packLabel how the pack is shown to users (the reference pack says it is classical, not learned)
 * @param mode      coarse or refined
 * @param labels    per-pixel labels at the original size
 * @param classes   one entry per queried class, in query order (entry i has label i + 1)
 * @param timings   time per stage
 * @param notes     facts a user should know about this result (e.g. the decoder ignored mask input)
 */
public record SemanticSegmentation(String packId, String packLabel, SegmentationMode mode, LabelMap labels,
                                   List<ClassSegment> classes, StageTimings timings, List<String> notes) {
    public SemanticSegmentation {
        classes = List.copyOf(classes);
        notes = List.copyOf(notes);
    }

    /** The entry of a class by its name as queried (case-insensitive). */
    public Optional<ClassSegment> byName(String name) {
        return classes.stream().filter(c -> c.name().equalsIgnoreCase(name.strip())).findFirst();
    }
}

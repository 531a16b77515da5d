package dev.findling.semantic;

/** How far a text query is taken (docs/ARCHITECTURE.md §4). */
public enum SegmentationMode {
    /** Dense features only: per-patch similarity to each class, upsampled ("CLIP head only"). */
    COARSE,
    /** The coarse map prompts the pack's SAM decoder per class (mask input plus 1–3 points); masks follow object edges. */
    REFINED
}

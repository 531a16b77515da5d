package dev.findling.index;

/**
 * An image retrieved for a concept by its best-matching patch, before re-ranking.
 *
 * @param image      the image
 * @param patchScore exact cosine similarity of the concept's {@code target_feat} with the image's best
 *                   pooled patch vector, in [-1, 1]
 * @param patchRow   row of the best patch in the pooled grid (0 = top)
 * @param patchCol   column of the best patch (0 = left)
 * @param gridRows   rows of this image's patch grid (fewer than the configured grid for very wide images)
 * @param gridCols   columns of this image's patch grid
 */
public record Candidate(ImageRecord image, float patchScore, int patchRow, int patchCol, int gridRows, int gridCols) {
}

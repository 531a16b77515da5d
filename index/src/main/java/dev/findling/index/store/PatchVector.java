package dev.findling.index.store;

/**
 * One pooled patch: the L2-normalised mean of the normalised SAM features in a cell of the coarse grid.
 *
 * @param row    cell row (0 = top)
 * @param col    cell column (0 = left)
 * @param vector unit-length vector in the encoder's feature space
 */
public record PatchVector(int row, int col, float[] vector) {
}

package dev.findling.models.sam;

/**
 * The two PerSAM-only decoder inputs (docs/ARCHITECTURE.md §3 steps 3–4).
 *
 * @param attnSim4096     target-guided attention, sigmoid of the standardised confidence map at
 *                        64×64, flattened row-major ([1,1,1,4096] in the graph)
 * @param targetEmbedding mean of the masked reference features, not normalised ([1,1,256])
 */
public record PerSamGuidance(float[] attnSim4096, float[] targetEmbedding) {
}

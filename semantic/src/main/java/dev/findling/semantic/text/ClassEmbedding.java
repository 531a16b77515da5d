package dev.findling.semantic.text;

/**
 * A class name's text embedding in a pack's text space.
 *
 * @param className      the class name as given (trimmed)
 * @param packId         the pack whose text encoder made it; never compare embeddings across packs
 * @param vector         unit length when {@link #understood()}, all zeros otherwise (the accessor returns a copy)
 * @param templatesUsed  how many of the prompt templates gave a non-zero embedding (80 for a learned CLIP)
 * @param problem        why the model cannot use this class (e.g. none of its words are in the vocabulary);
 *                       null when understood
 */
public record ClassEmbedding(String className, String packId, float[] vector, int templatesUsed, String problem) {
    public ClassEmbedding {
        vector = vector.clone();
    }

    /** A copy of the embedding. */
    @Override
    public float[] vector() {
        return vector.clone();
    }

    public int dimension() {
        return vector.length;
    }

    public boolean understood() {
        return problem == null;
    }

    /** Cosine similarity with a unit vector of the same pack (the dot product, since this vector is unit). */
    public float dot(float[] unit) {
        if (unit.length != vector.length) {
            throw new IllegalArgumentException("vector has " + unit.length + " dimensions but the text embedding has " + vector.length);
        }
        float s = 0;
        for (int i = 0; i < unit.length; i++) {
            s += vector[i] * unit[i];
        }
        return s;
    }
}

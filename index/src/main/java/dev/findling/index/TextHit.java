package dev.findling.index;

/**
 * A text-search result: an image whose global vector is close to the query embedding.
 *
 * @param image the image
 * @param score cosine similarity of the normalised vectors, in [-1, 1]
 */
public record TextHit(ImageRecord image, float score) {
}

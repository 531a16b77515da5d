package dev.findling.index;

/**
 * One re-ranked search result.
 *
 * @param candidate how the image was retrieved (best patch and its score)
 * @param found     the re-ranker's presence decision
 * @param score     the re-ranker's score; results are ordered by it
 * @param detail    the re-ranker's payload
 */
public record SearchHit<R>(Candidate candidate, boolean found, double score, R detail) {
    public ImageRecord image() {
        return candidate.image();
    }
}

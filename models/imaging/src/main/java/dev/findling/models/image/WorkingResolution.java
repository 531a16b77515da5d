package dev.findling.models.image;

/**
 * The one rule for when a photo is decoded as a reduced copy for the models, and how far it is reduced
 * (docs/ARCHITECTURE.md §1, "Large photos").
 *
 * <p>Every encoder resamples its input to at most {@code modelInputSide} pixels on the longest side (SAM's 1024-px
 * frame; CLIP's 224-px crop and dense CLIP's 448-px frame are smaller). Decoding an 81-megapixel photo in full
 * only to shrink it 9× costs a quarter of a gigabyte per request, so a photo whose longest side is at least
 * {@value #REDUCE_FROM}× the input side is decoded with integer subsampling {@code k = ⌊longest / (}{@value #KEEP}
 * {@code · inputSide)⌋}: the reduced copy keeps between 2 and 3 times the input side on its longest side, so the
 * encoder's own antialiased resize still has at least two source pixels per output pixel. Photos below the
 * threshold — every ordinary camera photo for a 1024-px encoder — are decoded exactly as before.
 *
 * @param modelInputSide longest side, in pixels, that the models resample an image to
 */
public record WorkingResolution(int modelInputSide) {
    /** SAM's input frame: the largest any supported encoder uses. */
    public static final WorkingResolution SAM = new WorkingResolution(1024);

    /** Reduce only photos whose longest side is at least this many times the input side. */
    public static final int REDUCE_FROM = 4;

    /** A reduced copy keeps at least this many times the input side on its longest side. */
    public static final int KEEP = 2;

    public WorkingResolution {
        if (modelInputSide <= 0) {
            throw new IllegalArgumentException("the model input side must be positive but is " + modelInputSide);
        }
    }

    /** The subsampling factor for a photo of this size on both axes: 1 (decode in full) or at least 2. */
    public int subsampling(int width, int height) {
        long longest = Math.max(width, height);
        if (longest < (long) REDUCE_FROM * modelInputSide) {
            return 1;
        }
        return (int) (longest / ((long) KEEP * modelInputSide));
    }
}

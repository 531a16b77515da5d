package dev.findling.models.sam;

import dev.findling.models.geometry.ResizeGeometry;

/**
 * A prompt as the SAM decoder's sparse inputs: {@code point_coords} [1, N, 2] in the model's input
 * frame and {@code point_labels} [1, N] (1 positive, 0 negative, 2/3 box corners, −1 padding).
 */
record PromptPoints(float[] coords, float[] labels, int count) {
    static final float LABEL_NEGATIVE = 0f;
    static final float LABEL_POSITIVE = 1f;
    static final float LABEL_BOX_TOP_LEFT = 2f;
    static final float LABEL_BOX_BOTTOM_RIGHT = 3f;
    static final float LABEL_PADDING = -1f;

    /**
     * @param frame             the geometry whose input frame the decoder's coordinates live in
     * @param padWhenBoxMissing append the point (0,0) with label −1 when there is no box — SAM's
     *                          prompt encoder pads so during training and the official ONNX export
     *                          expects the caller to do it
     */
    static PromptPoints of(DecoderPrompt prompt, ResizeGeometry frame, boolean padWhenBoxMissing) {
        int n = prompt.points().size();
        boolean box = prompt.box() != null;
        int total = n + (box ? 2 : padWhenBoxMissing ? 1 : 0);
        float[] coords = new float[2 * total];
        float[] labels = new float[total];
        int i = 0;
        for (PointPrompt p : prompt.points()) {
            coords[2 * i] = frame.xToInputFrame(p.x());
            coords[2 * i + 1] = frame.yToInputFrame(p.y());
            labels[i] = p.positive() ? LABEL_POSITIVE : LABEL_NEGATIVE;
            i++;
        }
        if (box) {
            BoxPrompt b = prompt.box();
            coords[2 * i] = frame.xToInputFrame(b.x0());
            coords[2 * i + 1] = frame.yToInputFrame(b.y0());
            labels[i++] = LABEL_BOX_TOP_LEFT;
            coords[2 * i] = frame.xToInputFrame(b.x1());
            coords[2 * i + 1] = frame.yToInputFrame(b.y1());
            labels[i] = LABEL_BOX_BOTTOM_RIGHT;
        } else if (padWhenBoxMissing) {
            coords[2 * i] = 0f;
            coords[2 * i + 1] = 0f;
            labels[i] = LABEL_PADDING;
        }
        return new PromptPoints(coords, labels, total);
    }
}

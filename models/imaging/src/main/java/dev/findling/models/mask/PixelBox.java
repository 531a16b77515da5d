package dev.findling.models.mask;

/** An axis-aligned box in original-image pixels: x0,y0 inclusive, x1,y1 exclusive. */
public record PixelBox(int x0, int y0, int x1, int y1) {
    public PixelBox {
        if (x1 < x0 || y1 < y0) {
            throw new IllegalArgumentException("box corners out of order: (" + x0 + "," + y0 + ")–(" + x1 + "," + y1 + ")");
        }
    }

    public int width() {
        return x1 - x0;
    }

    public int height() {
        return y1 - y0;
    }
}

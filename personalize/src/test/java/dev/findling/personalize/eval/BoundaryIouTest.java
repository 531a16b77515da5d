package dev.findling.personalize.eval;

import dev.findling.models.mask.BinaryMask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BoundaryIouTest {
    static BinaryMask rect(int w, int h, int x0, int y0, int x1, int y1) {
        byte[] b = new byte[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                b[y * w + x] = 1;
            }
        }
        return BinaryMask.wrap(w, h, b);
    }

    @Test
    void boundaryOfASquareIsItsInnerBand() {
        BinaryMask sq = rect(100, 100, 20, 20, 60, 60);
        BinaryMask band = BoundaryIou.boundary(sq, 3);
        assertEquals(40 * 40 - 34 * 34, band.area());
        assertEquals(sq.area(), band.area() + rect(100, 100, 23, 23, 57, 57).intersectionArea(sq));
    }

    @Test
    void theImageBorderCountsAsBackground() {
        BinaryMask full = rect(50, 40, 0, 0, 50, 40);
        assertEquals(50 * 40 - 46 * 36, BoundaryIou.boundary(full, 2).area());
    }

    @Test
    void bandWidthIsTwoPercentOfTheDiagonal() {
        assertEquals(20, BoundaryIou.bandWidth(800, 600, 0.02));
        assertEquals(1, BoundaryIou.bandWidth(10, 10, 0.02));
    }

    @Test
    void shiftedMaskScoresLowerOnBoundaryThanOnArea() {
        BinaryMask gt = rect(200, 200, 50, 50, 150, 150);
        BinaryMask shifted = rect(200, 200, 56, 56, 156, 156);
        double iou = gt.iou(shifted);
        double biou = BoundaryIou.of(gt, shifted);
        assertEquals(1.0, BoundaryIou.of(gt, gt));
        assertEquals(true, biou < iou, "bIoU " + biou + " < IoU " + iou);
    }
}

package dev.findling.app.concepts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.findling.app.ServerRequests;
import dev.findling.models.image.ImageDecoder;
import dev.findling.models.image.ImageHeader;
import dev.findling.models.image.PngWriter;
import dev.findling.models.image.RgbImage;
import dev.findling.models.image.WorkingResolution;
import dev.findling.models.mask.BinaryMask;
import dev.findling.models.mask.CocoRle;
import dev.findling.models.testing.SyntheticScenes;
import dev.findling.models.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A photo far larger than the encoder's frame (30 megapixels, docs/ARCHITECTURE.md §1 "Large photos") goes through
 * the segment endpoint as a reduced copy, and its mask still comes back at the photo's own size.
 */
class LargePhotoSegmentationTest extends ConceptServerTestSupport {
    /** 600×420 scaled ×11: 6600×4620 = 30.5 MP, reduced 3× for a 1024-px encoder. */
    private static final int SCALE = 11;

    @Test
    void aThirtyMegapixelPhotoIsSegmentedAtItsOwnSize() throws Exception {
        SyntheticScenes.Scene ref = ConceptScenes.reference();
        String id = idOf(createConcept(ConceptScenes.png(ref), ConceptScenes.discMaskPng(ref), "disc", false));
        SyntheticScenes.Scene small = ConceptScenes.otherPlacement();
        RgbImage large = TestImages.enlarged(small.image(), SCALE);
        int w = large.width();
        int h = large.height();
        assertThat(WorkingResolution.SAM.subsampling(w, h)).as("the test photo must be over the reduction threshold")
                .isGreaterThan(1);

        JsonNode r = segment(id, PngWriter.rgb(large), 1);
        large = null;

        assertThat(r.path("width").asInt()).isEqualTo(w);
        assertThat(r.path("height").asInt()).isEqualTo(h);
        assertThat(r.path("found").asBoolean()).as(r.toString()).isTrue();
        BinaryMask mask = CocoRle.fromJson(r.path("rle").toString()).decode();
        assertThat(mask.width()).isEqualTo(w);
        assertThat(mask.height()).isEqualTo(h);
        double iou = mask.iou(TestImages.enlarged(small.disc(), SCALE));
        System.out.printf("large photo: PerSAM IoU at %d×%d = %.4f%n", w, h, iou);
        assertThat(iou).isGreaterThanOrEqualTo(0.85);

        ResponseEntity<byte[]> maskPng = http.getForEntity(r.path("links").path("mask").asText(), byte[].class);
        assertThat(maskPng.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ImageDecoder.probe(maskPng.getBody())).isEqualTo(new ImageHeader("PNG", w, h));
        // Previews are drawn on the reduced copy the models saw.
        ResponseEntity<byte[]> overlay = http.getForEntity(r.path("links").path("overlay").asText(), byte[].class);
        assertThat(ImageDecoder.probe(overlay.getBody())).isEqualTo(new ImageHeader("PNG", 2200, 1540));
    }

    /** Click-to-segment keeps the reduced copy and its embedding; clicks, the reported size and the masks are the photo's. */
    @Test
    void aClickOnAThirtyMegapixelPhotoGivesCandidatesAtItsOwnSize() throws Exception {
        SyntheticScenes.Scene small = ConceptScenes.otherPlacement();
        RgbImage large = TestImages.enlarged(small.image(), SCALE);
        int w = large.width();
        int h = large.height();
        var centre = small.discBox();
        int x = (centre.x0() + centre.x1()) / 2 * SCALE;
        int y = (centre.y0() + centre.y1()) / 2 * SCALE;

        JsonNode r = new ServerRequests(http).click(PngWriter.rgb(large), x, y);
        large = null;

        assertThat(r.path("width").asInt()).isEqualTo(w);
        assertThat(r.path("height").asInt()).isEqualTo(h);
        ServerRequests.assertCandidates(r, r.path("masks").size(), w, h);
        BinaryMask best = CocoRle.fromJson(r.path("masks").get(r.path("best").asInt()).path("rle").toString()).decode();
        double iou = best.iou(TestImages.enlarged(small.disc(), SCALE));
        System.out.printf("large photo: click-to-segment IoU at %d×%d = %.4f%n", w, h, iou);
        assertThat(iou).isGreaterThanOrEqualTo(0.85);
    }
}

package dev.findling.app.segmentation;

import dev.findling.app.FindlingProperties;
import dev.findling.models.ModelPack;
import dev.findling.models.testing.ReferencePackFixture;
import dev.findling.semantic.SegmentationSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code findling.segmentation.*} overrides the pack's defaults only where it is set. */
class SegmentationCalibrationTest {
    @Test
    void unsetValuesKeepThePacksDefaults() {
        ModelPack pack = ReferencePackFixture.pack();
        SegmentationSettings s = ActiveSegmenter.settingsFor(pack, new FindlingProperties.Segmentation(null, null));
        assertThat(s.backgroundSimilarity()).isEqualTo(SegmentationSettings.REFERENCE_BACKGROUND_SIMILARITY);
        assertThat(s.temperature()).isEqualTo(SegmentationSettings.CLIP_LOGIT_SCALE);
    }

    @Test
    void setValuesReplaceThem() {
        ModelPack pack = ReferencePackFixture.pack();
        SegmentationSettings s = ActiveSegmenter.settingsFor(pack, new FindlingProperties.Segmentation(0.27f, 50f));
        assertThat(s.backgroundSimilarity()).isEqualTo(0.27f);
        assertThat(s.temperature()).isEqualTo(50f);
    }
}

package dev.findling.app.observability;

import dev.findling.models.ModelPack;
import dev.findling.models.testing.MergedBackbonePack;
import dev.findling.models.testing.SyntheticScenes;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The encode timer on a pack with a merged SAM-CLIP backbone (no Spring context needed). */
class ModelTimersTest {
    @Test
    void aMergedBackboneRunIsRecordedAsAnEncoderRun() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ModelPack pack = new ModelTimers(registry).instrument(MergedBackbonePack.pack());
        assertThat(ModelTimers.isTimed(pack.imageEncoder())).isTrue();

        pack.samClipBackbone().orElseThrow().encode(SyntheticScenes.standardScene(128, 96, 1).image());

        Timer backbone = registry.find(ModelTimers.ENCODE).tag("dialect", "sam+samclip").tag("outcome", "success").timer();
        assertThat(backbone).isNotNull();
        assertThat(backbone.count()).isEqualTo(1);
        Timer encoder = registry.find(ModelTimers.ENCODE).tag("dialect", "sam").tag("outcome", "success").timer();
        assertThat(encoder == null ? 0 : encoder.count()).isZero();
    }
}

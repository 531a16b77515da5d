package dev.findling.app.packs;

import dev.findling.app.TestData;
import dev.findling.models.ModelPack;
import dev.findling.models.image.RgbImage;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.sam.ImageEmbedding;
import dev.findling.models.sam.ImageEncoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A switched-out pack closes only after its last run, and refuses runs that start after it closed. */
class PackDrainTest {
    @Test
    void aRetiredPackClosesWhenItsRunInFlightEndsAndRefusesLaterRuns() throws Exception {
        Path dir = TestData.dataDir().resolve("packs").resolve(ReferencePack.ID);
        ReferencePack.ensure(dir);
        ModelPack raw = ModelPack.open(dir, ExecutionSettings.defaults());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A run that stays in flight until the test lets it go.
        ModelPack held = raw.withDecorators(ModelPack.Decorators.none().withImageEncoder(e -> new ImageEncoder() {
            @Override
            public String dialect() {
                return e.dialect();
            }

            @Override
            public int inputSize() {
                return e.inputSize();
            }

            @Override
            public ImageEmbedding encode(RgbImage image) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return e.encode(image);
            }
        }));
        PackDrain drain = new PackDrain(raw);
        ModelPack counted = drain.decorate(held);
        RgbImage image = RgbImage.of(32, 24, new byte[32 * 24 * 3]);

        CompletableFuture<ImageEmbedding> inFlight = CompletableFuture.supplyAsync(() -> counted.imageEncoder().encode(image));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(drain.inFlight()).isEqualTo(1);

        drain.retire();
        assertThat(drain.isClosed()).as("closing waits for the run in flight").isFalse();

        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS).packId()).isEqualTo(ReferencePack.ID);
        assertThat(drain.isClosed()).as("the last run closed it").isTrue();
        assertThatThrownBy(() -> counted.imageEncoder().encode(image))
                .isInstanceOf(PackUnavailableException.class)
                .hasMessageContaining("switched for another pack");
    }
}

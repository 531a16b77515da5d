package dev.findling.app.packs;

import dev.findling.models.ModelPack;
import dev.findling.personalize.PerSam;
import dev.findling.personalize.PerSamOptions;
import org.springframework.stereotype.Component;

/**
 * PerSAM over the active model pack, made on first use. A bean that opened the pack at construction would stop
 * the server when the pack is broken; this one answers {@code PackUnavailableException} (503) per request instead,
 * like every other feature.
 */
@Component
public class ActivePerSam {
    private final ActivePack activePack;
    private PerSam perSam;
    private ModelPack packOfPerSam;

    public ActivePerSam(ActivePack activePack) {
        this.activePack = activePack;
    }

    /**
     * The shared PerSam (thread-safe) with {@link PerSamOptions#defaults()}; callers that need other options use
     * {@link PerSam#withOptions}.
     *
     * @throws dev.findling.app.packs.PackUnavailableException when the pack did not load
     */
    public synchronized PerSam require() {
        ModelPack pack = activePack.require();
        if (perSam == null || packOfPerSam != pack) {
            perSam = new PerSam(pack, PerSamOptions.defaults());
            packOfPerSam = pack;
        }
        return perSam;
    }

    /** The pack PerSam runs on, for its label in messages and summaries (PerSam itself reports its timings). */
    public ModelPack pack() {
        return activePack.require();
    }
}

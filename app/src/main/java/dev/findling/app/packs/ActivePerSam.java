package dev.findling.app.packs;

import dev.findling.app.FindlingProperties;
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
    private final PerSamOptions options;
    private PerSam perSam;
    private ModelPack packOfPerSam;

    public ActivePerSam(ActivePack activePack, FindlingProperties properties) {
        this.activePack = activePack;
        Double threshold = properties.persam().presenceThreshold();
        this.options = threshold == null ? PerSamOptions.defaults() : PerSamOptions.defaults().withPresenceThreshold(threshold);
    }

    /**
     * The shared PerSam (thread-safe) with {@link PerSamOptions#defaults()} and the configured presence threshold
     * ({@code findling.persam.presence-threshold}); callers that need other options use {@link PerSam#withOptions}.
     *
     * @throws dev.findling.app.packs.PackUnavailableException when the pack did not load
     */
    public synchronized PerSam require() {
        ModelPack pack = activePack.require();
        if (perSam == null || packOfPerSam != pack) {
            perSam = new PerSam(pack, options);
            packOfPerSam = pack;
        }
        return perSam;
    }

    /** The pack PerSam runs on, for its label in messages and summaries (PerSam itself reports its timings). */
    public ModelPack pack() {
        return activePack.require();
    }
}

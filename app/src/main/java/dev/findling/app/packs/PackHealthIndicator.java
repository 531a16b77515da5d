package dev.findling.app.packs;

import dev.findling.models.ModelPack;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** The {@code pack} component of {@code /actuator/health}: UP with the pack's id, label and provider, DOWN with the load error. */
@Component
class PackHealthIndicator implements HealthIndicator {
    private final ActivePack activePack;

    PackHealthIndicator(ActivePack activePack) {
        this.activePack = activePack;
    }

    @Override
    public Health health() {
        PackState state = activePack.state();
        if (state instanceof PackState.Loaded loaded) {
            ModelPack pack = loaded.pack();
            return Health.up()
                    .withDetail("id", pack.id())
                    .withDetail("label", pack.displayLabel())
                    .withDetail("reference", pack.isReference())
                    .withDetail("provider", String.valueOf(pack.executionProvider()))
                    .withDetail("directory", pack.directory().toString())
                    .build();
        }
        PackState.Failed failed = (PackState.Failed) state;
        return Health.down()
                .withDetail("error", failed.error())
                .withDetail("directory", failed.directory().toString())
                .build();
    }
}

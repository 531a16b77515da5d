package dev.findling.app.packs;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * Opens the model pack while the server starts, before it accepts requests, so the first request does not
 * pay for it and a broken pack is reported in the startup log. CLI commands open it only when they need it.
 */
@Component
@ConditionalOnWebApplication
class PackPreloader implements SmartInitializingSingleton {
    private final ActivePack activePack;

    PackPreloader(ActivePack activePack) {
        this.activePack = activePack;
    }

    @Override
    public void afterSingletonsInstantiated() {
        activePack.state();
    }
}

package dev.findling.app.packs;

import dev.findling.models.fetch.KnownPack;
import dev.findling.models.fetch.KnownPacks;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The packs the UI offers to download ({@link KnownPacks}, every file pinned). A bean so that tests can offer
 * packs served from local files instead of the internet.
 */
@Component
public class KnownPackCatalog {
    public List<KnownPack> all() {
        return KnownPacks.all();
    }

    public Optional<KnownPack> byName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return all().stream().filter(p -> p.name().equals(wanted)).findFirst();
    }
}

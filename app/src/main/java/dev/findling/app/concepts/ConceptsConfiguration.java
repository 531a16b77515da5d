package dev.findling.app.concepts;

import dev.findling.app.FindlingProperties;
import dev.findling.app.packs.ActivePack;
import dev.findling.personalize.ConceptStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the concepts feature keeps its state, all under the data dir: {@code concepts/} (one folder per concept,
 * personalize's {@link ConceptStore} format), {@code results/concepts/} (masks and overlays of recent
 * segmentations, so the links in responses work) and {@code results/prompts/} (masks of recent click decodes).
 */
@Configuration(proxyBeanMethods = false)
class ConceptsConfiguration {
    /** Recent segmentations whose PNGs are kept; older ones are deleted as new ones arrive. */
    static final int KEPT_SEGMENTATIONS = 200;
    /** Recent click decodes whose mask PNGs are kept (each click makes one). */
    static final int KEPT_PROMPT_RESULTS = 200;
    /** Memory for uploaded click-to-segment images with their embeddings (about 4 MB + 3 bytes a pixel each). */
    static final long PROMPT_IMAGE_BUDGET_BYTES = 256L * 1024 * 1024;

    @Bean
    ConceptStore conceptStore(FindlingProperties properties) {
        return new ConceptStore(properties.dataDir().resolve("concepts"));
    }

    @Bean
    SegmentationResults segmentationResults(FindlingProperties properties) {
        return new SegmentationResults(new ResultFiles(properties.dataDir().resolve("results").resolve("concepts"),
                KEPT_SEGMENTATIONS));
    }

    @Bean
    PromptSegmentation promptSegmentation(ActivePack activePack, FindlingProperties properties) {
        return new PromptSegmentation(activePack, PROMPT_IMAGE_BUDGET_BYTES,
                new ResultFiles(properties.dataDir().resolve("results").resolve("prompts"), KEPT_PROMPT_RESULTS));
    }
}

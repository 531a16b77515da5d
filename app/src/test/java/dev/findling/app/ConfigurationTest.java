package dev.findling.app;

import dev.findling.app.cli.StartupFailures;
import dev.findling.app.library.ActiveLibrary;
import dev.findling.index.LibraryException;
import dev.findling.index.WorkerShare;
import dev.findling.index.solr.SolrBackend;
import dev.findling.index.solr.SolrLibrarySettings;
import dev.findling.index.store.LibraryBackend;
import dev.findling.models.runtime.Device;
import dev.findling.models.runtime.ExecutionSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code findling.*} binds from application.yml and environment variables (relaxed binding), and a bad value
 * stops the application with a message that names the property, the value and where it came from.
 */
class ConfigurationTest {

    @Test
    void defaultsPutThePackUnderTheDataDir() {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            FindlingProperties properties = context.getBean(FindlingProperties.class);
            assertThat(properties.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
            assertThat(properties.packDir()).isEqualTo(properties.dataDir().resolve("packs/findling-reference-v1"));
            assertThat(properties.executionSettings()).isEqualTo(new ExecutionSettings(Device.CPU, false, 0, false));
        }
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        Path dataDir = TestData.newTempDir("findling-env-");
        try (ConfigurableApplicationContext context = start(Map.of(
                "FINDLING_DATA_DIR", dataDir.toString(),
                "FINDLING_DEVICE", "auto",
                "FINDLING_DEVICE_FALLBACK", "false",
                "FINDLING_INTRA_OP_THREADS", "2"))) {
            FindlingProperties properties = context.getBean(FindlingProperties.class);
            assertThat(properties.dataDir()).isEqualTo(dataDir);
            // The default pack dir follows the data dir set in the environment.
            assertThat(properties.packDir()).isEqualTo(dataDir.resolve("packs").resolve("findling-reference-v1"));
            assertThat(properties.executionSettings()).isEqualTo(new ExecutionSettings(Device.AUTO, true, 2, false));
        }
    }

    @Test
    void packDirAndVocabularyComeFromTheirOwnVariables() {
        Path packDir = TestData.newTempDir("findling-env-pack-");
        try (ConfigurableApplicationContext context = start(Map.of(
                "FINDLING_PACK_DIR", packDir.toString(),
                "FINDLING_CLIP_VOCAB", "/opt/clip/bpe_simple_vocab_16e6.txt.gz"))) {
            FindlingProperties properties = context.getBean(FindlingProperties.class);
            assertThat(properties.packDir()).isEqualTo(packDir);
            assertThat(properties.clip().vocab()).isEqualTo(Path.of("/opt/clip/bpe_simple_vocab_16e6.txt.gz"));
        }
    }

    @Test
    void unknownDeviceIsAClearStartupError() {
        assertThatThrownBy(() -> start(Map.of("FINDLING_DEVICE", "gpu")).close())
                .satisfies(e -> assertThat(StartupFailures.describe(e)).isEqualTo(
                        "invalid configuration: findling.device = \"gpu\" (System Environment Property "
                                + "\"FINDLING_DEVICE\"): expected one of cpu, cuda, auto"));
    }

    @Test
    void negativeThreadCountIsAClearStartupError() {
        assertThatThrownBy(() -> start(Map.of("FINDLING_INTRA_OP_THREADS", "-1")).close())
                .satisfies(e -> assertThat(StartupFailures.describe(e))
                        .startsWith("invalid configuration: findling.intra-op-threads = -1")
                        .contains("FINDLING_INTRA_OP_THREADS", "greater than or equal to 0"));
    }

    @Test
    void nonNumericThreadCountIsAClearStartupError() {
        assertThatThrownBy(() -> start(Map.of("FINDLING_INTRA_OP_THREADS", "many")).close())
                .satisfies(e -> assertThat(StartupFailures.describe(e))
                        .startsWith("invalid configuration: findling.intra-op-threads = \"many\"")
                        .contains("cannot be read as int"));
    }

    @Test
    void theLibraryIndexIsEmbeddedUnlessSolrIsConfigured() {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            assertThat(context.getBean(ActiveLibrary.class).backend()).isSameAs(LibraryBackend.embedded());
        }
        try (ConfigurableApplicationContext context = start(Map.of(
                "FINDLING_LIBRARY_BACKEND", "solr",
                "FINDLING_LIBRARY_SOLR_ZK_HOST", "zk1:2181,zk2:2181/solr",
                "FINDLING_LIBRARY_SOLR_COLLECTION", "family-photos",
                "FINDLING_LIBRARY_SOLR_SHARDS", "4"))) {
            LibraryBackend backend = context.getBean(ActiveLibrary.class).backend();
            assertThat(backend).isInstanceOf(SolrBackend.class);
            SolrLibrarySettings solr = ((SolrBackend) backend).settings();
            assertThat(solr.zkHosts()).containsExactly("zk1:2181", "zk2:2181");
            assertThat(solr.zkChroot()).contains("/solr");
            assertThat(solr.collection()).isEqualTo("family-photos");
            assertThat(solr.shards()).isEqualTo(4);
            assertThat(solr.replicas()).isEqualTo(2);
            assertThat(backend.describe(Path.of("data"))).isEqualTo("SolrCloud collection 'family-photos' via ZooKeeper zk1:2181,zk2:2181/solr");
        }
    }

    @Test
    void thePresenceThresholdBindsFromTheEnvironmentAndOutsideZeroToOneIsAClearStartupError() {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            assertThat(context.getBean(FindlingProperties.class).persam().presenceThreshold()).isNull();
        }
        try (ConfigurableApplicationContext context = start(Map.of("FINDLING_PERSAM_PRESENCE_THRESHOLD", "0.5"))) {
            assertThat(context.getBean(FindlingProperties.class).persam().presenceThreshold()).isEqualTo(0.5);
        }
        assertThatThrownBy(() -> start(Map.of("FINDLING_PERSAM_PRESENCE_THRESHOLD", "1.5")).close())
                .satisfies(e -> assertThat(StartupFailures.describe(e))
                        .startsWith("invalid configuration: findling.persam.presence-threshold = 1.5")
                        .contains("FINDLING_PERSAM_PRESENCE_THRESHOLD"));
    }

    @Test
    void aWorkerShareBindsFromTheEnvironmentAndABadOneIsAClearStartupError() {
        try (ConfigurableApplicationContext context = start(Map.of())) {
            assertThat(context.getBean(ActiveLibrary.class).settings().workerShare()).isEqualTo(WorkerShare.ALL);
        }
        try (ConfigurableApplicationContext context = start(Map.of("FINDLING_LIBRARY_WORKER", "2/3"))) {
            assertThat(context.getBean(ActiveLibrary.class).settings().workerShare()).isEqualTo(new WorkerShare(2, 3));
        }
        assertThatThrownBy(() -> start(Map.of("FINDLING_LIBRARY_WORKER", "4/3")).close())
                .satisfies(e -> assertThat(StartupFailures.describe(e))
                        .contains("findling.library", "4/3", "1 ≤ NUMBER ≤ COUNT"));
    }

    @Test
    void theSolrBackendWithoutAClusterIsAClearError() {
        try (ConfigurableApplicationContext context = start(Map.of("FINDLING_LIBRARY_BACKEND", "solr"))) {
            assertThatThrownBy(() -> context.getBean(ActiveLibrary.class).backend())
                    .isInstanceOf(LibraryException.class)
                    .hasMessageContaining("findling.library.solr.zk-host")
                    .hasMessageContaining("findling.library.solr.urls");
        }
        try (ConfigurableApplicationContext context = start(Map.of(
                "FINDLING_LIBRARY_BACKEND", "solr", "FINDLING_LIBRARY_SOLR_URLS", "http://solr1:8983/solr,http://solr2:8983/solr"))) {
            SolrLibrarySettings solr = ((SolrBackend) context.getBean(ActiveLibrary.class).backend()).settings();
            assertThat(solr.solrUrls()).containsExactly("http://solr1:8983/solr", "http://solr2:8983/solr");
        }
    }

    /** The CLI's (non-web) application with the given process environment instead of the real one. */
    private static ConfigurableApplicationContext start(Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            public Map<String, Object> getSystemEnvironment() {
                return environmentVariables;
            }
        };
        return FindlingApplication.builder(WebApplicationType.NONE).environment(environment)
                // The failures are the expected outcome here; keep Spring's multi-line report out of the test log.
                .properties("logging.level.org.springframework.boot.diagnostics=OFF",
                        "logging.level.org.springframework.boot.SpringApplication=OFF")
                .run();
    }
}

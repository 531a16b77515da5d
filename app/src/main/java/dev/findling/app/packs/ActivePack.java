package dev.findling.app.packs;

import dev.findling.app.FindlingProperties;
import dev.findling.app.observability.ModelTimers;
import dev.findling.models.ModelPack;
import dev.findling.models.pack.PackException;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.ExecutionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one model pack this process uses ({@code findling.pack-dir}), opened once and shared by every feature;
 * its sessions close when the application context closes.
 *
 * <p>A pack that fails to load does not stop the application: the failure is kept and shown on the home page,
 * in {@code /actuator/health} and as a 503 from APIs that need the pack, so that a user can see what is wrong
 * and fix the pack folder. Features get the pack with {@link #require()}.
 *
 * <p>Loading is lazy so that CLI commands that do not need the pack (tokenize with a vocabulary file, verify
 * another folder) never open it; the server loads it before accepting requests ({@link PackPreloader}).
 */
@Component
public class ActivePack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActivePack.class);

    private final Path directory;
    private final ExecutionSettings settings;
    private PackState state;
    private boolean closed;

    private final UnaryOperator<ModelPack> instrumentation;

    public ActivePack(FindlingProperties properties) {
        this(properties, UnaryOperator.identity());
    }

    /** With the model timers (observability) wrapped around the encoder and decoders when they are present. */
    @Autowired
    public ActivePack(FindlingProperties properties, ObjectProvider<ModelTimers> timers) {
        this(properties, pack -> {
            ModelTimers t = timers.getIfAvailable();
            return t == null ? pack : t.instrument(pack);
        });
    }

    private ActivePack(FindlingProperties properties, UnaryOperator<ModelPack> instrumentation) {
        this.directory = properties.packDir();
        this.settings = properties.executionSettings();
        this.instrumentation = instrumentation;
    }

    /** The configured pack folder (absolute). */
    public Path directory() {
        return directory;
    }

    /**
     * Whether the pack folder is where the generated reference pack lives (its last segment is the reference
     * pack's id), in which case a missing pack is generated instead of reported.
     */
    public boolean isReferenceLocation() {
        Path name = directory.getFileName();
        return name != null && name.toString().equals(ReferencePack.ID);
    }

    /**
     * Generates the reference pack when the pack folder is its location and has no manifest yet. Idempotent;
     * a folder that has a manifest is left alone, even if broken, so a user's edits are never overwritten.
     *
     * @throws RuntimeException when generation fails (disk full, no permission)
     */
    public synchronized void prepare() {
        if (isReferenceLocation() && !Files.exists(directory.resolve(PackManifest.FILE_NAME))) {
            long start = System.nanoTime();
            log.info("Generating the reference pack ({}) in {}", ReferencePack.LABEL, directory);
            ReferencePack.ensure(directory);
            log.info("Reference pack generated in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Opens the pack on first use; later calls return the same state. */
    public synchronized PackState state() {
        if (closed) {
            throw new IllegalStateException("the model pack was closed because the application is shutting down");
        }
        if (state == null) {
            state = load();
        }
        return state;
    }

    /** The open pack, or empty when it failed to load. */
    public Optional<ModelPack> pack() {
        return state() instanceof PackState.Loaded loaded ? Optional.of(loaded.pack()) : Optional.empty();
    }

    /**
     * The open pack for a feature that cannot work without it.
     *
     * @throws PackUnavailableException with the load error when the pack did not open
     */
    public ModelPack require() {
        PackState current = state();
        if (current instanceof PackState.Loaded loaded) {
            return loaded.pack();
        }
        PackState.Failed failed = (PackState.Failed) current;
        throw new PackUnavailableException(failed.directory(), failed.error());
    }

    private PackState load() {
        long start = System.nanoTime();
        try {
            prepare();
            ModelPack pack = instrumentation.apply(ModelPack.open(directory, settings));
            log.info("Opened model pack {} — {} — from {} on {} in {} ms", pack.id(), pack.displayLabel(), directory,
                    pack.executionProvider(), (System.nanoTime() - start) / 1_000_000);
            return new PackState.Loaded(pack);
        } catch (PackException e) {
            log.error("The model pack in {} could not be loaded: {}", directory, e.getMessage());
            return new PackState.Failed(directory, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            // Device, runtime or I/O trouble: keep the server up and say what happened.
            log.error("The model pack in {} could not be loaded", directory, e);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new PackState.Failed(directory, message);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (state instanceof PackState.Loaded loaded) {
            loaded.pack().close();
            log.info("Closed model pack {}", loaded.pack().id());
        }
        state = null;
    }
}

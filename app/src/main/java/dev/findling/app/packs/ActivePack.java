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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one model pack this process uses, opened once and shared by every feature; its sessions close when the
 * application context closes. It starts on {@code findling.pack-dir} — or, when that is the default reference
 * pack, on the pack last chosen in the UI ({@code <data-dir>/packs/active-pack}) — and {@link #switchTo(Path)}
 * replaces it without a restart: the new pack is opened and checked first, features pick it up on their next
 * {@link #require()}, and the old one closes once its last model run has ended — the sessions' own guard
 * ({@code models.runtime.SessionGuard}) keeps every session open while a run is inside it and refuses later runs
 * with a {@link dev.findling.models.runtime.PackClosedException} (503, "run it again"). At shutdown the close waits, bounded by
 * {@link #SHUTDOWN_DRAIN}, for the runs still inside to end, so that none is left in native code as the JVM exits.
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

    /** The file that remembers the pack chosen in the UI, relative to the data dir. */
    static final String CHOICE_FILE = "packs/active-pack";
    /**
     * How long shutdown waits for model runs still inside the pack's sessions (jobs have stopped at their
     * checkpoints by then; one run takes seconds at most).
     */
    static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(20);

    private final Path configuredDirectory;
    private final Path choiceFile;
    private final ExecutionSettings settings;
    private Path directory;
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
        this.configuredDirectory = properties.packDir();
        this.choiceFile = properties.dataDir().resolve(CHOICE_FILE);
        this.settings = properties.executionSettings();
        this.instrumentation = instrumentation;
        this.directory = isReferenceLocation(configuredDirectory) ? rememberedChoice().orElse(configuredDirectory)
                : configuredDirectory;
    }

    /** The pack folder in use (absolute): the configured one, or the one switched to. */
    public synchronized Path directory() {
        return directory;
    }

    /**
     * Whether the pack folder is where the generated reference pack lives (its last segment is the reference
     * pack's id), in which case a missing pack is generated instead of reported.
     */
    public boolean isReferenceLocation() {
        return isReferenceLocation(directory());
    }

    private static boolean isReferenceLocation(Path dir) {
        Path name = dir.getFileName();
        return name != null && name.toString().equals(ReferencePack.ID);
    }

    /** A pack chosen in the UI earlier, when its folder still holds a manifest; an explicit pack-dir wins over it. */
    private Optional<Path> rememberedChoice() {
        try {
            if (!Files.isRegularFile(choiceFile)) {
                return Optional.empty();
            }
            Path chosen = Path.of(Files.readString(choiceFile).strip()).toAbsolutePath().normalize();
            if (Files.isRegularFile(chosen.resolve(PackManifest.FILE_NAME))) {
                log.info("Using the model pack chosen earlier in the UI: {} (from {})", chosen, choiceFile);
                return Optional.of(chosen);
            }
            log.warn("The model pack chosen earlier ({}) has no {}; using {}", chosen, PackManifest.FILE_NAME,
                    configuredDirectory);
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot read {}: {}; using {}", choiceFile, e.getMessage(), configuredDirectory);
        }
        return Optional.empty();
    }

    /**
     * Replaces the active pack with the one in {@code packDir} without a restart. The new pack is opened and checked
     * before anything changes, so a pack that fails leaves the active one in place; the old pack closes when its
     * runs in flight have ended. The choice is remembered in the data dir for the next start, unless the server was
     * started with an explicit pack folder other than the reference pack's.
     *
     * @return the pack now active
     * @throws PackException when the new pack cannot be used (every problem listed); nothing changed
     */
    public ModelPack switchTo(Path packDir) {
        Path target = packDir.toAbsolutePath().normalize();
        long start = System.nanoTime();
        ModelPack raw = ModelPack.open(target, settings);
        ModelPack opened = instrumentation.apply(raw);
        ModelPack old = null;
        synchronized (this) {
            if (closed) {
                raw.close();
                throw new IllegalStateException("the model pack cannot be switched: the application is shutting down");
            }
            if (state instanceof PackState.Loaded loaded) {
                old = loaded.pack();
            }
            state = new PackState.Loaded(opened);
            directory = target;
        }
        log.info("Switched to model pack {} — {} — from {} in {} ms", opened.id(), opened.displayLabel(), target,
                (System.nanoTime() - start) / 1_000_000);
        remember(target);
        if (old != null) {
            old.close(); // returns at once: each session closes when the runs inside it have left
            log.info("Model pack {} was switched out; its sessions close as their runs in flight end", old.id());
        }
        return opened;
    }

    private void remember(Path target) {
        if (!isReferenceLocation(configuredDirectory)) {
            return; // an explicit FINDLING_PACK_DIR is the user's choice for every start
        }
        try {
            Files.createDirectories(choiceFile.getParent());
            Path temp = choiceFile.resolveSibling(choiceFile.getFileName() + ".tmp");
            Files.writeString(temp, target.toString() + System.lineSeparator());
            Files.move(temp, choiceFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("The switch to {} is not remembered for the next start: cannot write {}: {}", target, choiceFile,
                    e.getMessage());
        }
    }

    /**
     * Generates the reference pack when the pack folder is its location and has no manifest yet. Idempotent;
     * a folder that has a manifest is left alone, even if broken, so a user's edits are never overwritten.
     *
     * @throws RuntimeException when generation fails (disk full, no permission)
     */
    public synchronized void prepare() {
        if (isReferenceLocation(directory) && !Files.exists(directory.resolve(PackManifest.FILE_NAME))) {
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

    /** Closes the pack, waiting at most {@link #SHUTDOWN_DRAIN} for the model runs still inside it. */
    @Override
    public void close() {
        ModelPack pack;
        synchronized (this) {
            closed = true;
            pack = state instanceof PackState.Loaded loaded ? loaded.pack() : null;
            state = null;
        }
        if (pack == null) {
            return;
        }
        pack.close();
        try {
            if (pack.awaitClosed(SHUTDOWN_DRAIN)) {
                log.info("Closed model pack {}", pack.id());
            } else {
                log.warn("Model pack {} still has runs in flight after {} s; its sessions close as those end",
                        pack.id(), SHUTDOWN_DRAIN.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while model pack {} drained; its sessions close as their runs end", pack.id());
        }
    }
}

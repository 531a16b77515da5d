package dev.findling.models.pack;

import ai.onnxruntime.OrtSession;
import dev.findling.models.runtime.BoundSession;
import dev.findling.models.runtime.ExecutionProvider;
import dev.findling.models.runtime.SessionGuard;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated pack with its sessions open: one {@link BoundSession} per manifest entry (entries
 * carry their resolved preprocessing), each distinct file opened once. Closing closes every session.
 */
public final class LoadedPack implements AutoCloseable {
    private final Path directory;
    private final PackManifest manifest;
    private final List<BoundSession> entries;
    private final List<OrtSession> distinctSessions;
    /** Kept here: a guard leaves the shared lookup when its session closes, and {@link #awaitClosed} needs it after. */
    private final List<SessionGuard> guards;
    private final Optional<TokenizerFiles> tokenizer;
    private final ExecutionProvider provider;
    private final Optional<PackLoader.DerivedInspection> derivedPerSam;

    LoadedPack(Path directory, PackManifest manifest, List<BoundSession> entries, List<OrtSession> distinctSessions,
               Optional<TokenizerFiles> tokenizer, ExecutionProvider provider,
               Optional<PackLoader.DerivedInspection> derivedPerSam) {
        this.derivedPerSam = derivedPerSam;
        this.directory = directory;
        this.manifest = manifest;
        this.entries = List.copyOf(entries);
        this.distinctSessions = List.copyOf(distinctSessions);
        this.guards = this.distinctSessions.stream().map(SessionGuard::of).toList();
        this.tokenizer = tokenizer;
        this.provider = provider;
    }

    public Path directory() {
        return directory;
    }

    public PackManifest manifest() {
        return manifest;
    }

    /** In manifest order. */
    public List<BoundSession> entries() {
        return entries;
    }

    /** Number of ONNX sessions actually open (entries sharing a file share a session). */
    public int sessionCount() {
        return distinctSessions.size();
    }

    public Optional<TokenizerFiles> tokenizer() {
        return tokenizer;
    }

    /**
     * PerSAM's decoder derived from the pack's stock {@code sam-onnx} decoder ({@link DerivedPerSamDecoder}); empty
     * when the pack brings its own {@code persam} decoder or the derivation failed (see {@link #derivedPerSamStatus()}).
     */
    public Optional<BoundSession> derivedPerSamDecoder() {
        return derivedPerSam.map(PackLoader.DerivedInspection::session);
    }

    /** What deriving PerSAM's decoder gave, when the pack needed one. */
    public Optional<PackLoader.DerivedInspection> derivedPerSamStatus() {
        return derivedPerSam;
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /** Each session closes when no run is inside it any more ({@link SessionGuard}); returns at once. */
    @Override
    public void close() {
        guards.forEach(SessionGuard::close);
    }

    /**
     * Waits, after {@link #close()}, until every session has closed (their last runs have left), but no longer than
     * {@code timeout} in all.
     *
     * @return whether every session is closed
     */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SessionGuard g : guards) {
            if (!g.awaitClosed(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    static void closeAll(List<OrtSession> sessions) {
        for (OrtSession s : sessions) {
            SessionGuard.of(s).close();
        }
    }
}

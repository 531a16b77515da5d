package dev.findling.models.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Keeps an {@link OrtSession} open while any thread runs in it: closing a session that another thread is inside
 * {@code OrtSession.run} frees native memory under it and crashes the JVM (SIGSEGV in libonnxruntime). Every run
 * enters and leaves the guard of its session ({@link BoundSession}); {@link #close(OrtSession)} — what a pack does
 * when it closes, at shutdown or when packs are switched — marks the session closing, refuses new runs with a
 * {@link ModelExecutionException}, and closes it when the last running one leaves (at once when none runs).
 *
 * <p>One guard per session, found by identity: entries of one file share a session and so share its guard.
 */
public final class SessionGuard {
    private static final Map<OrtSession, SessionGuard> GUARDS = new IdentityHashMap<>();

    private final OrtSession session;
    private int running;
    private boolean closing;
    private boolean closed;

    private SessionGuard(OrtSession session) {
        this.session = session;
    }

    /** The guard of {@code session}, created on first use. */
    static SessionGuard of(OrtSession session) {
        synchronized (GUARDS) {
            return GUARDS.computeIfAbsent(session, SessionGuard::new);
        }
    }

    /**
     * Closes {@code session} once no run is inside it; returns at once. Runs that start afterwards fail with a
     * {@link ModelExecutionException} instead of touching freed memory.
     */
    public static void close(OrtSession session) {
        SessionGuard guard;
        synchronized (GUARDS) {
            guard = GUARDS.remove(session);
        }
        if (guard == null) {
            closeQuietly(session); // never run through a guard: nothing can be inside it
            return;
        }
        guard.closeWhenIdle();
    }

    /** Runs currently inside the session (for tests and diagnostics). */
    synchronized int running() {
        return running;
    }

    /** Whether the native session has been closed. */
    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * @throws ModelExecutionException when the session is closing or closed
     */
    synchronized void enter(String what) {
        if (closing) {
            throw new ModelExecutionException(what + " cannot run: its model pack was closed (the application is "
                    + "shutting down or switched packs)");
        }
        running++;
    }

    void leave() {
        boolean closeNow;
        synchronized (this) {
            running--;
            closeNow = closing && running == 0 && !closed;
            if (closeNow) {
                closed = true;
            }
        }
        if (closeNow) {
            closeQuietly(session);
        }
    }

    private void closeWhenIdle() {
        boolean closeNow;
        synchronized (this) {
            closing = true;
            closeNow = running == 0 && !closed;
            if (closeNow) {
                closed = true;
            }
        }
        if (closeNow) {
            closeQuietly(session);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // Closing is best effort: a session that fails to close has nothing left to release to us.
        }
    }
}

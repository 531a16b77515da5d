package dev.findling.models.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an {@link OrtSession} open while any thread runs in it: closing a session that another thread is inside
 * {@code OrtSession.run} frees native memory under it and crashes the JVM (SIGSEGV in libonnxruntime). Every run
 * enters and leaves the guard of its session ({@link BoundSession}); {@link #close()} — what a pack does when it
 * closes, at shutdown or when packs are switched — marks the session closing, refuses new runs with a
 * {@link PackClosedException}, and closes it when the last running one leaves (at once when none runs).
 * {@link #awaitClosed(Duration)} lets a shutdown wait, for a bounded time, until that has happened.
 *
 * <p>This is the one in-flight count of the application: switching packs and shutting down rely on it, no wrapper
 * counts runs above the sessions. Work that spans several runs (PerSAM's passes, a dense encoder's windows) and
 * meets a close between two of them is refused at its next run, with the same exception.
 *
 * <p>One guard per session, found by identity: entries of one file share a session and so share its guard.
 */
public final class SessionGuard {
    private static final Map<OrtSession, SessionGuard> GUARDS = new IdentityHashMap<>();

    private final OrtSession session;
    private int running;
    private boolean closing;
    /** One thread has taken the native close on itself (the closer, or the last run to leave). */
    private boolean closeTaken;
    /** The native session is closed. */
    private boolean closed;

    private SessionGuard(OrtSession session) {
        this.session = session;
    }

    /** The guard of {@code session}, created on first use. */
    public static SessionGuard of(OrtSession session) {
        synchronized (GUARDS) {
            return GUARDS.computeIfAbsent(session, SessionGuard::new);
        }
    }

    /**
     * Closes the session once no run is inside it; returns at once. Runs that start afterwards fail with a
     * {@link PackClosedException} instead of touching freed memory. Idempotent.
     */
    public void close() {
        synchronized (GUARDS) {
            GUARDS.remove(session, this);
        }
        boolean closeNow;
        synchronized (this) {
            closing = true;
            closeNow = takeCloseIfIdle();
        }
        if (closeNow) {
            closeNative();
        }
    }

    /**
     * Waits until the native session is closed — after {@link #close()}, when the last run inside it has left —
     * but no longer than {@code timeout}.
     *
     * @return whether the session is closed
     */
    public synchronized boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
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
     * @throws PackClosedException when the session is closing or closed
     */
    synchronized void enter(String what) {
        if (closing) {
            throw new PackClosedException(what + " cannot run: its model pack was closed (the application is "
                    + "shutting down or switched packs); run the work again");
        }
        running++;
    }

    void leave() {
        boolean closeNow;
        synchronized (this) {
            running--;
            closeNow = closing && takeCloseIfIdle();
        }
        if (closeNow) {
            closeNative();
        }
    }

    private boolean takeCloseIfIdle() {
        boolean take = running == 0 && !closeTaken;
        closeTaken |= take;
        return take;
    }

    /** Outside the lock: closing a large session takes a while and {@link #running()} must still answer. */
    private void closeNative() {
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // Closing is best effort: a session that fails to close has nothing left to release to us.
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }
}

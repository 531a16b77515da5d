package dev.findling.app.command;

/** How commands print an error: one line, so that stderr reads as one sentence per failed input. */
public final class ErrorMessage {
    private ErrorMessage() {
    }

    /** The exception's own message on one line, or its type when it has none (a bare NullPointerException). */
    public static String of(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip().replace('\n', ' ');
    }
}

package dev.findling.semantic.tokenizer;

/**
 * Text that cannot be tokenized for the text encoder, or tokenizer files that cannot be read.
 * A subclass of {@link IllegalArgumentException} because both are bad input: callers map it to a
 * 400-class error with this message.
 */
public class TokenizerException extends IllegalArgumentException {
    private final int tokenCount;
    private final int contextLength;

    public TokenizerException(String message) {
        this(message, -1, -1, null);
    }

    public TokenizerException(String message, Throwable cause) {
        this(message, -1, -1, cause);
    }

    /** A text that needs {@code tokenCount} tokens where the encoder reads {@code contextLength}, with the caller's wording. */
    public TokenizerException(String message, int tokenCount, int contextLength) {
        this(message, tokenCount, contextLength, null);
    }

    private TokenizerException(String message, int tokenCount, int contextLength, Throwable cause) {
        super(message, cause);
        this.tokenCount = tokenCount;
        this.contextLength = contextLength;
    }

    /** The text needs {@code tokenCount} tokens (start and end included) but the encoder reads {@code contextLength}. */
    static TokenizerException tooLong(int tokenCount, int contextLength) {
        return new TokenizerException("text is too long: it needs " + tokenCount + " tokens (including the start and end"
                + " tokens) but the text encoder reads at most " + contextLength + "; shorten it by "
                + (tokenCount - contextLength) + " tokens or ask for truncation", tokenCount, contextLength, null);
    }

    /** Tokens the text needed, start and end included; −1 when the problem was not the length. */
    public int tokenCount() {
        return tokenCount;
    }

    /** The encoder's context length; −1 when the problem was not the length. */
    public int contextLength() {
        return contextLength;
    }
}

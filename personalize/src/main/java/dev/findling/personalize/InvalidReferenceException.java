package dev.findling.personalize;

/** The reference image or mask cannot define a concept; callers map it to a 4xx client error. */
public class InvalidReferenceException extends IllegalArgumentException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}

package dev.findling.personalize;

/** No concept with this id is stored; callers map it to 404. */
public final class ConceptNotFoundException extends RuntimeException {
    private final String id;

    public ConceptNotFoundException(String id) {
        super("no concept with id '" + id + "'");
        this.id = id;
    }

    public String id() {
        return id;
    }
}

package dev.findling.app.system;

/** An id in a request path names nothing (answered with 404 and this message). */
public class NotFoundException extends RuntimeException {

    /**
     * @param what the kind of thing, e.g. "concept"
     * @param id   the id that was asked for
     */
    public NotFoundException(String what, String id) {
        super("There is no " + what + " with id '" + id + "'.");
    }
}

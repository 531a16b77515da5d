package dev.findling.index;

/** A path given to the library escapes its root (absolute, "..", or a link leading outside). A client error. */
public class PathOutsideRootException extends IllegalArgumentException {
    private final String rootId;
    private final String path;

    public PathOutsideRootException(String rootId, String path, String why) {
        super("path '" + path + "' is outside library root '" + rootId + "': " + why);
        this.rootId = rootId;
        this.path = path;
    }

    public String rootId() {
        return rootId;
    }

    public String path() {
        return path;
    }
}

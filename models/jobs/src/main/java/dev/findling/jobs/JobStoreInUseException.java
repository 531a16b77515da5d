package dev.findling.jobs;

import java.nio.file.Path;

/** The job folder is open in another process (or another store of this one): its records are that one's. */
public final class JobStoreInUseException extends IllegalStateException {
    public JobStoreInUseException(Path directory) {
        super("the job records in " + directory + " are in use by another Findling process");
    }
}

package dev.findling.app.jobs;

import dev.findling.app.system.NotFoundException;

/** No job with this id is kept (never existed, or finished long enough ago to be evicted): 404. */
public final class JobNotFoundException extends NotFoundException {
    public JobNotFoundException(String id) {
        super("job", id);
    }
}

package dev.findling.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Job records, one JSON file per job ({@code <id>.json}) in one folder, owned by one process at a time (an exclusive
 * lock on {@code .lock} there, held until {@link #close()}): a second process — a CLI command beside the server —
 * must not take the server's running jobs for interrupted ones. A record is written to a temporary
 * file, forced to disk and moved over the old one, so a crash leaves either the old record or the new one,
 * never half of one. Temporary files a crash left are removed when the store opens; a record that cannot be
 * read is renamed {@code <id>.json.damaged} (kept for inspection, never silently lost) and skipped.
 */
public final class JobRecordStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobRecordStore.class);
    private static final String SUFFIX = ".json";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String LOCK_FILE = ".lock";
    /** Job ids are registry-made (UUIDs); anything else is refused so no id can name a path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Opens (creating when missing) the store in {@code directory} and takes its lock.
     *
     * @throws JobStoreInUseException when another process (or another store in this one) has it open
     */
    public JobRecordStore(Path directory) {
        this.directory = directory;
        FileChannel channel = null;
        FileLock taken = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                taken = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                taken = null;
            }
            if (taken == null) {
                channel.close();
                throw new JobStoreInUseException(directory);
            }
            this.lockChannel = channel;
            this.lock = taken;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(directory, TEMP_PREFIX + "*")) {
                for (Path p : s) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot use the job folder " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Releases the folder for the next process. */
    @Override
    public synchronized void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            log.warn("Cannot release the lock of {}: {}", directory, e.getMessage());
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // releasing: nothing left to do
            }
        }
    }

    public Path directory() {
        return directory;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Writes (or replaces) the record atomically. */
    public synchronized void save(JobRecord record) {
        Path target = file(record.id());
        Path temp = directory.resolve(TEMP_PREFIX + record.id() + SUFFIX);
        try {
            byte[] bytes = json.writeValueAsBytes(record);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the next open removes it
            }
            throw new UncheckedIOException("cannot save job " + record.id() + " in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    public synchronized void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the record of job " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every readable record, oldest first (by creation time). */
    public synchronized List<JobRecord> loadAll() {
        List<JobRecord> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) || !isValidId(name.substring(0, name.length() - SUFFIX.length()))) {
                    continue;
                }
                try {
                    JobRecord r = json.readValue(p.toFile(), JobRecord.class);
                    if (r.id() == null || !name.equals(r.id() + SUFFIX) || r.state() == null || r.type() == null) {
                        throw new IOException("the record does not describe job " + name);
                    }
                    out.add(r);
                } catch (IOException e) {
                    setAside(p, e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the job folder " + directory + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(JobRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private void setAside(Path p, IOException why) {
        Path damaged = p.resolveSibling(p.getFileName() + ".damaged");
        log.warn("The job record {} cannot be read ({}); kept as {}", p, why.getMessage(), damaged.getFileName());
        try {
            Files.move(p, damaged, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.warn("Cannot set {} aside: {}", p, e.getMessage());
        }
    }

    private Path file(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        return directory.resolve(id + SUFFIX);
    }
}

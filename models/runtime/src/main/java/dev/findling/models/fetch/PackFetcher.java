package dev.findling.models.fetch;

import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.PackManifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Downloads a {@link KnownPack} into {@code packsDir/<pack id>/}.
 *
 * <p>Guarantees, in the order they happen:
 * <ol>
 *   <li>bytes go to {@code <file>.part}; an interrupted download resumes from there with an HTTP
 *       {@code Range} request (a server that ignores it sends the whole file again, which is handled);</li>
 *   <li>a finished file is checked against its pinned size and SHA-256; on mismatch the part file
 *       is deleted and a {@link FetchException} names expected and actual values;</li>
 *   <li>only a verified file is renamed (atomically where the file system can) to its final name,
 *       so a final name always holds verified content; archive members are verified the same way;</li>
 *   <li>{@code pack.json} is written last, also atomically: a folder with a manifest is complete.</li>
 * </ol>
 * Files already present with the pinned hash are not downloaded again, so running the same fetch
 * twice is cheap. Network errors are retried (three attempts per file, resuming each time).
 */
public final class PackFetcher {
    private static final int ATTEMPTS = 3;
    private static final int BUFFER = 1 << 16;
    private static final long REPORT_EVERY = 256 * 1024;

    private final HttpClient client;

    public PackFetcher(HttpClient client) {
        this.client = client;
    }

    /** A fetcher with a shared client that follows redirects (Hugging Face serves files from a CDN). */
    public PackFetcher() {
        this(DefaultClient.INSTANCE);
    }

    /** Created on first use: building an HTTP client sets up TLS, which takes a moment. */
    private static final class DefaultClient {
        static final HttpClient INSTANCE = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * Downloads, verifies and installs {@code pack}; see the class comment.
     *
     * @return the pack folder, ready for {@code ModelPack.open}
     */
    public static Path fetch(KnownPack pack, Path packsDir, ProgressListener listener) {
        return new PackFetcher().download(pack, packsDir, listener);
    }

    /** The folder {@link #fetch} installs {@code pack} into. */
    public static Path packDirectory(KnownPack pack, Path packsDir) {
        return packsDir.resolve(pack.manifest().id());
    }

    public Path download(KnownPack pack, Path packsDir, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        Path dir = packDirectory(pack, packsDir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the pack folder " + dir + ": " + e.getMessage(), e);
        }
        long total = pack.totalBytes();
        long done = 0;
        for (KnownPack.Download download : pack.downloads()) {
            Counter counter = new Counter(download, done, total, progress);
            if (isInstalled(dir, download)) {
                progress.onProgress(new FetchProgress(FetchProgress.Stage.SKIPPED, download.file(),
                        download.size(), download.size(), done + download.size(), total));
            } else {
                Path target = dir.resolve(download.file());
                Path part = dir.resolve(download.file() + ".part");
                fetchVerified(download, part, counter);
                if (download.isArchive()) {
                    progress.onProgress(new FetchProgress(FetchProgress.Stage.EXTRACTING, download.file(),
                            download.size(), download.size(), done + download.size(), total));
                    extract(part, dir, download);
                    deleteQuietly(part);
                } else {
                    moveAtomically(part, target);
                }
                progress.onProgress(new FetchProgress(FetchProgress.Stage.DONE, download.file(),
                        download.size(), download.size(), done + download.size(), total));
            }
            done += download.size();
        }
        writeManifest(pack.manifest(), dir);
        return dir;
    }

    /** Writes {@code pack.json} (in {@link ManifestReader}'s format) through a temporary file and an atomic rename. */
    public static void writeManifest(PackManifest manifest, Path dir) {
        Path target = dir.resolve(PackManifest.FILE_NAME);
        Path tmp = dir.resolve(PackManifest.FILE_NAME + ".tmp");
        try {
            Files.write(tmp, ManifestReader.toJson(manifest));
            moveAtomically(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** True when every final file of the download is present with its pinned SHA-256. */
    private static boolean isInstalled(Path dir, KnownPack.Download download) {
        if (download.isArchive()) {
            return download.members().stream().allMatch(m -> hasContent(dir.resolve(m.file()), m.size(), m.sha256()));
        }
        return hasContent(dir.resolve(download.file()), download.size(), download.sha256());
    }

    private static boolean hasContent(Path file, long size, String sha256) {
        try {
            return Files.isRegularFile(file) && (size <= 0 || Files.size(file) == size) && Sha256.of(file).equals(sha256);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private void fetchVerified(KnownPack.Download download, Path part, Counter counter) {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                transfer(download, part, counter);
                last = null;
                break;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new FetchException("download of " + download.url() + " was interrupted; "
                            + "run the fetch again to resume from " + part.getFileName(), e);
                }
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("download of " + download.url() + " was interrupted; "
                        + "run the fetch again to resume from " + part.getFileName(), e);
            }
        }
        if (last != null) {
            throw new FetchException("could not download " + download.url() + " after " + ATTEMPTS + " attempts: "
                    + last.getMessage() + "; run the fetch again to resume", last);
        }
        counter.report(FetchProgress.Stage.VERIFYING, download.size());
        try {
            long actualSize = Files.size(part);
            if (actualSize != download.size()) {
                deleteQuietly(part);
                throw new FetchException(download.url() + " delivered " + actualSize + " bytes but "
                        + download.file() + " is pinned at " + download.size() + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = Sha256.of(part);
        if (!actual.equals(download.sha256())) {
            deleteQuietly(part);
            throw new FetchException("SHA-256 of " + download.file() + " from " + download.url() + " is " + actual
                    + " but the pin is " + download.sha256() + "; the file was deleted (upstream changed or the transfer was corrupted)");
        }
    }

    /** One attempt: resumes {@code part} if it exists. */
    private void transfer(KnownPack.Download download, Path part, Counter counter) throws IOException, InterruptedException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > download.size()) {
            Files.delete(part);
            have = 0;
        }
        if (have == download.size()) {
            return; // complete from an earlier run; verification decides whether it is good
        }
        URI url = download.url();
        if ("file".equalsIgnoreCase(url.getScheme())) {
            try (InputStream in = Files.newInputStream(Path.of(url))) {
                in.skipNBytes(have);
                copy(in, part, have > 0, have, counter);
            }
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("User-Agent", "Findling model-pack fetcher")
                .GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 206 && have > 0 && rangeStartsAt(response, have)) {
                copy(body, part, true, have, counter);
            } else if (status == 200) {
                copy(body, part, false, 0, counter);
            } else if (status == 416 && have > 0) {
                // The server has nothing past what we hold: start over rather than guess.
                Files.deleteIfExists(part);
                throw new IOException("server refused to resume at byte " + have + " (HTTP 416); restarting");
            } else if (status >= 500) {
                throw new IOException("GET " + url + " answered HTTP " + status);
            } else {
                throw new FetchException("GET " + url + " answered HTTP " + status
                        + (status == 404 ? " (not found: the file moved upstream)" : ""));
            }
        }
    }

    private static boolean rangeStartsAt(HttpResponse<?> response, long offset) {
        return response.headers().firstValue("Content-Range")
                .map(v -> v.trim().startsWith("bytes " + offset + "-"))
                .orElse(false);
    }

    private static void copy(InputStream in, Path part, boolean append, long already, Counter counter) throws IOException {
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[BUFFER];
            long done = already;
            long lastReport = -REPORT_EVERY;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("interrupted after " + done + " bytes");
                }
                out.write(buffer, 0, n);
                done += n;
                if (done - lastReport >= REPORT_EVERY) {
                    counter.report(FetchProgress.Stage.DOWNLOADING, done);
                    lastReport = done;
                }
            }
            counter.report(FetchProgress.Stage.DOWNLOADING, done);
        }
    }

    /** Takes the pinned members out of a verified ZIP; entry names never choose where files go. */
    private static void extract(Path archive, Path dir, KnownPack.Download download) {
        Map<String, KnownPack.ArchiveMember> wanted = new HashMap<>();
        for (KnownPack.ArchiveMember m : download.members()) {
            wanted.put(m.entry(), m);
        }
        Map<String, Boolean> found = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                KnownPack.ArchiveMember member = wanted.containsKey(name) ? wanted.get(name) : wanted.get(base);
                if (member == null || found.containsKey(member.entry())) {
                    continue;
                }
                Path target = dir.resolve(member.file());
                Path part = dir.resolve(member.file() + ".part");
                MessageDigest md = Sha256.digest();
                long size = 0;
                try (OutputStream out = Files.newOutputStream(part)) {
                    byte[] buffer = new byte[BUFFER];
                    int n;
                    while ((n = zip.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                        md.update(buffer, 0, n);
                        size += n;
                    }
                }
                String actual = Sha256.hex(md.digest());
                if (!actual.equals(member.sha256()) || (member.size() > 0 && size != member.size())) {
                    deleteQuietly(part);
                    throw new FetchException("member " + name + " of " + download.file() + " has " + size + " bytes and SHA-256 "
                            + actual + " but is pinned at " + member.size() + " bytes and " + member.sha256());
                }
                moveAtomically(part, target);
                found.put(member.entry(), true);
            }
        } catch (IOException e) {
            throw new FetchException("cannot extract " + download.file() + ": " + e.getMessage(), e);
        }
        for (KnownPack.ArchiveMember m : download.members()) {
            if (!found.containsKey(m.entry())) {
                throw new FetchException("archive " + download.file() + " from " + download.url()
                        + " has no entry " + m.entry());
            }
        }
    }

    private static void moveAtomically(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a left-over part file is re-verified or replaced by the next run
        }
    }

    /** Turns per-file byte counts into pack-wide progress reports. */
    private record Counter(KnownPack.Download download, long packDoneBefore, long packTotal, ProgressListener listener) {
        void report(FetchProgress.Stage stage, long fileDone) {
            listener.onProgress(new FetchProgress(stage, download.file(), fileDone, download.size(),
                    packDoneBefore + Math.min(fileDone, download.size()), packTotal));
        }
    }
}

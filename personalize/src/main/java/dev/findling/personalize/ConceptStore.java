package dev.findling.personalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.findling.models.image.ImageLimits;
import dev.findling.models.image.MaskImages;
import dev.findling.models.mask.BinaryMask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Concepts on disk, one folder per concept:
 * <pre>
 *   ROOT/&lt;id&gt;/concept.json           {"format":1, id, name, packId, createdAt, dimensions, vector files,
 *                                     referenceWidth/Height, fineTune {w1, w2, locationFeat} or null}
 *   ROOT/&lt;id&gt;/target_feat.f32        little-endian float32 × dimensions
 *   ROOT/&lt;id&gt;/target_embedding.f32   little-endian float32 × dimensions
 *   ROOT/&lt;id&gt;/reference.png          thumbnail of the reference image
 *   ROOT/&lt;id&gt;/mask.png               reference mask, 0/255 grayscale, at the reference size
 * </pre>
 * A save writes a complete folder under a temporary name and renames it into place, so readers see
 * either the old concept or the new one, never a half-written one. Folders whose name starts with
 * '.' are in-flight or discarded writes ({@code .tmp-}, {@code .old-}, {@code .del-} followed by the writing
 * process's id) and are ignored; when the store opens, those of processes that are gone are removed — and an
 * {@code .old-} folder whose concept is missing (a crash between the two renames of a replacement) is put back.
 */
public final class ConceptStore {
    public static final int FORMAT = 1;
    static final String JSON = "concept.json";
    static final String TARGET_FEAT = "target_feat.f32";
    static final String TARGET_EMBEDDING = "target_embedding.f32";
    /** PerSAM-F's location feature, for fine-tuned concepts. */
    static final String PERSAM_F_FEAT = "persam_f_target_feat.f32";
    static final String THUMBNAIL = "reference.png";
    static final String MASK = "mask.png";

    private static final List<String> IN_FLIGHT = List.of(".tmp-", ".old-", ".del-");
    /** Marks the temporary folders of this process, so another process can tell whether they are still in flight. */
    private static final long PID = ProcessHandle.current().pid();

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();

    public ConceptStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new ConceptStoreException("cannot create the concept folder " + root + ": " + e.getMessage(), e);
        }
        removeOrphans();
    }

    /**
     * Removes the in-flight folders that processes which are gone left behind (a crash mid-save or mid-delete); an
     * {@code .old-} folder whose concept is missing is renamed back, so the concept a crashed replacement held is kept.
     * Folders of live processes — this one's included, when younger than this process — are left alone.
     *
     * @return how many folders were removed or put back
     */
    public int removeOrphans() {
        int n = 0;
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, ".*")) {
            for (Path dir : s) {
                String name = dir.getFileName().toString();
                String prefix = IN_FLIGHT.stream().filter(name::startsWith).findFirst().orElse(null);
                if (prefix == null || !Files.isDirectory(dir) || inFlight(dir, name.substring(prefix.length()), started)) {
                    continue;
                }
                String id = conceptIdOf(name.substring(prefix.length()));
                if (prefix.equals(".old-") && id != null && !Files.exists(root.resolve(id))) {
                    try {
                        move(dir, root.resolve(id));
                        n++;
                        continue;
                    } catch (IOException e) {
                        // fall through: an unusable leftover is still a leftover
                    }
                }
                deleteQuietly(dir);
                n += Files.exists(dir) ? 0 : 1;
            }
        } catch (IOException e) {
            throw new ConceptStoreException("cannot tidy the concept folder " + root + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** {@code <pid>-<rest>}: in flight while that process lives (for this process: only if made since it started). */
    private static boolean inFlight(Path dir, String pidAndRest, Instant started) {
        int dash = pidAndRest.indexOf('-');
        long pid;
        try {
            pid = Long.parseLong(dash < 0 ? pidAndRest : pidAndRest.substring(0, dash));
        } catch (NumberFormatException e) {
            return false; // an older version's name, without a process id: its process is long gone
        }
        if (pid == PID) {
            try {
                return !Files.getLastModifiedTime(dir).toInstant().isBefore(started);
            } catch (IOException e) {
                return true;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The concept id in {@code <pid>-<id>-<uuid>}, or null when the name is not of that shape. */
    private static String conceptIdOf(String pidAndRest) {
        int dash = pidAndRest.indexOf('-');
        int uuid = pidAndRest.length() - 37; // "-" + 36-character UUID
        if (dash < 0 || uuid <= dash + 1 || pidAndRest.charAt(uuid) != '-') {
            return null;
        }
        String id = pidAndRest.substring(dash + 1, uuid);
        return Concept.isValidId(id) ? id : null;
    }

    public Path root() {
        return root;
    }

    /** Writes (or replaces) the concept atomically. */
    public void save(Concept concept) {
        Path target = root.resolve(concept.id());
        Path tmp = root.resolve(".tmp-" + PID + "-" + concept.id() + "-" + UUID.randomUUID());
        try {
            Files.createDirectory(tmp);
            Files.write(tmp.resolve(TARGET_FEAT), floats(concept.targetFeatUnsafe()));
            Files.write(tmp.resolve(TARGET_EMBEDDING), floats(concept.targetEmbeddingUnsafe()));
            Files.write(tmp.resolve(THUMBNAIL), concept.thumbnailPng());
            if (concept.fineTuneWeights().map(MaskMixingWeights::locationFeatUnsafe).isPresent()) {
                Files.write(tmp.resolve(PERSAM_F_FEAT), floats(concept.fineTuneWeights().get().locationFeatUnsafe()));
            }
            Files.write(tmp.resolve(MASK), MaskImages.toPng(concept.referenceMask()));
            Files.write(tmp.resolve(JSON), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(describe(concept)));
            if (Files.exists(target)) {
                Path old = root.resolve(".old-" + PID + "-" + concept.id() + "-" + UUID.randomUUID());
                move(target, old);
                move(tmp, target);
                deleteTree(old);
            } else {
                move(tmp, target);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ConceptStoreException("cannot save concept " + concept.id() + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws ConceptNotFoundException when no concept has this id (including ids that are not valid ids)
     * @throws ConceptStoreException    when the stored files are unreadable or of an unknown format
     */
    public Concept load(String id) {
        Path dir = folder(id);
        try {
            JsonNode node = json.readTree(Files.readAllBytes(dir.resolve(JSON)));
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new ConceptStoreException("concept " + id + " has format " + node.path("format")
                        + " but this version reads format " + FORMAT);
            }
            int dims = node.path("dimensions").asInt(-1);
            float[] feat = readFloats(dir.resolve(TARGET_FEAT), dims);
            float[] emb = readFloats(dir.resolve(TARGET_EMBEDDING), dims);
            byte[] thumb = Files.readAllBytes(dir.resolve(THUMBNAIL));
            BinaryMask mask = MaskImages.read(dir.resolve(MASK), ImageLimits.DEFAULT);
            int rw = node.path("referenceWidth").asInt(-1);
            int rh = node.path("referenceHeight").asInt(-1);
            if (mask.width() != rw || mask.height() != rh) {
                throw new ConceptStoreException("concept " + id + ": mask.png is " + mask.width() + "×" + mask.height()
                        + " but concept.json says " + rw + "×" + rh);
            }
            JsonNode ft = node.path("fineTune");
            Optional<MaskMixingWeights> weights = ft.isObject()
                    ? Optional.of(new MaskMixingWeights(ft.path("w1").asDouble(), ft.path("w2").asDouble(),
                            ft.hasNonNull("locationFeat") ? readFloats(dir.resolve(PERSAM_F_FEAT), dims) : null))
                    : Optional.empty();
            return new Concept(node.path("id").asText(), node.path("name").asText(), node.path("packId").asText(),
                    feat, emb, thumb, mask, weights, Instant.parse(node.path("createdAt").asText()));
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(dir)) {
                throw new ConceptNotFoundException(id);
            }
            throw new ConceptStoreException("concept " + id + " is incomplete: " + e.getFile() + " is missing", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConceptStoreException || e instanceof ConceptNotFoundException) {
                throw (RuntimeException) e;
            }
            throw new ConceptStoreException("concept " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every readable concept, newest first. Unreadable folders are skipped (they stay on disk). */
    public List<Concept> list() {
        List<Concept> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> Files.isDirectory(p)
                && !p.getFileName().toString().startsWith(".") && Concept.isValidId(p.getFileName().toString()))) {
            for (Path d : dirs) {
                try {
                    out.add(load(d.getFileName().toString()));
                } catch (ConceptStoreException | ConceptNotFoundException e) {
                    // A damaged or concurrently deleted concept must not hide the others.
                }
            }
        } catch (IOException e) {
            throw new ConceptStoreException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Concept::createdAt).reversed().thenComparing(Concept::id));
        return out;
    }

    public boolean exists(String id) {
        return Concept.isValidId(id) && Files.isRegularFile(root.resolve(id).resolve(JSON));
    }

    /** @throws ConceptNotFoundException when no concept has this id */
    public void delete(String id) {
        Path dir = folder(id);
        if (!Files.isDirectory(dir)) {
            throw new ConceptNotFoundException(id);
        }
        Path trash = root.resolve(".del-" + PID + "-" + id + "-" + UUID.randomUUID());
        try {
            move(dir, trash);
        } catch (NoSuchFileException e) {
            throw new ConceptNotFoundException(id);
        } catch (IOException e) {
            throw new ConceptStoreException("cannot delete concept " + id + ": " + e.getMessage(), e);
        }
        deleteQuietly(trash);
    }

    private Path folder(String id) {
        // Ids are validated before touching the file system, so "../x" can never leave the root.
        if (!Concept.isValidId(id)) {
            throw new ConceptNotFoundException(String.valueOf(id));
        }
        return root.resolve(id);
    }

    private ObjectNode describe(Concept c) {
        ObjectNode n = json.createObjectNode();
        n.put("format", FORMAT);
        n.put("id", c.id());
        n.put("name", c.name());
        n.put("packId", c.packId());
        n.put("createdAt", c.createdAt().toString());
        n.put("dimensions", c.dimensions());
        n.put("targetFeat", TARGET_FEAT);
        n.put("targetEmbedding", TARGET_EMBEDDING);
        n.put("vectorEncoding", "float32-le");
        n.put("thumbnail", THUMBNAIL);
        n.put("mask", MASK);
        n.put("referenceWidth", c.referenceMask().width());
        n.put("referenceHeight", c.referenceMask().height());
        if (c.fineTuneWeights().isPresent()) {
            ObjectNode ft = n.putObject("fineTune");
            ft.put("w1", c.fineTuneWeights().get().w1());
            ft.put("w2", c.fineTuneWeights().get().w2());
            if (c.fineTuneWeights().get().locationFeatUnsafe() != null) {
                ft.put("locationFeat", PERSAM_F_FEAT);
            }
        } else {
            n.putNull("fineTune");
        }
        return n;
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static float[] readFloats(Path file, int expected) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (expected <= 0 || bytes.length != 4L * expected) {
            throw new ConceptStoreException(file.getFileName() + " has " + bytes.length + " bytes but "
                    + expected + " float32 values need " + (4L * expected));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            // Leftover dot-folders are ignored by list() and load().
        }
    }
}

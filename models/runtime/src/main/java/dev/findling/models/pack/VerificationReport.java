package dev.findling.models.pack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code models verify DIR} found: pack-level problems and, per manifest entry, its file,
 * size, actual SHA-256 and problems. {@link #ok()} is true when the pack would load.
 *
 * @param directory    the pack folder
 * @param packId       the manifest id (null when the manifest could not be read)
 * @param name         the manifest name (null when unreadable)
 * @param packProblems problems of the manifest as a whole (unreadable JSON, format, missing roles, tokenizer)
 * @param entries      one per manifest entry, in manifest order
 * @param derived      PerSAM's decoder derived from the stock one, when the pack has no {@code persam} decoder of
 *                     its own (null otherwise)
 */
public record VerificationReport(Path directory, String packId, String name, List<String> packProblems,
                                 List<EntryReport> entries, DerivedReport derived) {
    public VerificationReport {
        packProblems = List.copyOf(packProblems);
        entries = List.copyOf(entries);
    }

    public VerificationReport(Path directory, String packId, String name, List<String> packProblems,
                              List<EntryReport> entries) {
        this(directory, packId, name, packProblems, entries, null);
    }

    /**
     * A derived PerSAM decoder. It never fails the pack: without it PerSAM prompts without guidance.
     *
     * @param file              the derived graph, relative to the pack (null when it could not be written or made)
     * @param source            the stock decoder it was derived from
     * @param sourceSha256      the stock decoder's SHA-256 (the key of the derived file)
     * @param sha256            the derived graph's SHA-256, verified against its record
     * @param madeNow           whether this run derived it (false: an earlier derivation was verified and reused)
     * @param addedNodes        the nodes the edit added
     * @param unavailableReason why there is no derived decoder (null when there is one)
     */
    public record DerivedReport(String file, String source, String sourceSha256, String sha256, boolean madeNow,
                                List<String> addedNodes, String unavailableReason) {
        public DerivedReport {
            addedNodes = addedNodes == null ? List.of() : List.copyOf(addedNodes);
        }
    }

    /**
     * @param sha256       the file's actual SHA-256 (null when the file is missing or unreadable)
     * @param sha256Pinned whether pack.json pins a SHA-256 for this file
     * @param sizeBytes    the file's size (null when missing)
     * @param derive       the formula of a graph Findling derives from {@code file} (null when the file runs as it is)
     * @param derivedFile  where that derived graph is (null when none or when it could not be made)
     */
    public record EntryReport(String role, String dialect, String file, Long sizeBytes, String sha256,
                              boolean sha256Pinned, List<String> problems, String derive, Path derivedFile) {
        public EntryReport {
            problems = List.copyOf(problems);
        }

        public EntryReport(String role, String dialect, String file, Long sizeBytes, String sha256,
                           boolean sha256Pinned, List<String> problems) {
            this(role, dialect, file, sizeBytes, sha256, sha256Pinned, problems, null, null);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public boolean ok() {
        return packProblems.isEmpty() && entries.stream().allMatch(EntryReport::ok);
    }

    public List<String> allProblems() {
        List<String> all = new ArrayList<>(packProblems);
        entries.forEach(e -> all.addAll(e.problems()));
        return all;
    }

    /** A plain-text rendering for the CLI. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("pack ").append(packId == null ? "?" : packId);
        if (name != null) {
            b.append(" (").append(name).append(')');
        }
        b.append(" at ").append(directory).append('\n');
        for (String p : packProblems) {
            b.append("  PROBLEM ").append(p).append('\n');
        }
        for (EntryReport e : entries) {
            b.append("  ").append(e.ok() ? "ok      " : "FAILED  ").append(e.role()).append(" / ").append(e.dialect())
                    .append("  ").append(e.file());
            if (e.sizeBytes() != null) {
                b.append("  ").append(e.sizeBytes()).append(" bytes");
            }
            if (e.sha256() != null) {
                b.append("  sha256 ").append(e.sha256()).append(e.sha256Pinned() ? " (pinned)" : " (not pinned)");
            }
            b.append('\n');
            if (e.derive() != null) {
                b.append("          derived by Findling (").append(e.derive()).append(") → ")
                        .append(e.derivedFile() == null ? "(not made)" : directory.toAbsolutePath().normalize().relativize(e.derivedFile()).toString())
                        .append('\n');
            }
            for (String p : e.problems()) {
                b.append("          ").append(p).append('\n');
            }
        }
        if (derived != null) {
            if (derived.unavailableReason() != null) {
                b.append("  note    mask-decoder / persam (derived)  ").append(derived.unavailableReason()).append('\n');
            } else {
                b.append("  ok      mask-decoder / persam (derived from ").append(derived.source()).append(")  ")
                        .append(derived.file() == null ? "(in memory: the pack folder is not writable)" : derived.file())
                        .append("  sha256 ").append(derived.sha256())
                        .append(derived.madeNow() ? " (derived now)" : " (verified)").append('\n');
                b.append("          ").append(derived.addedNodes().size())
                        .append(" nodes added: attn_sim and target_embedding where Personalize-SAM's decoder uses them")
                        .append('\n');
            }
        }
        b.append(ok() ? "OK" : "FAILED: " + allProblems().size() + " problem(s)").append('\n');
        return b.toString();
    }
}

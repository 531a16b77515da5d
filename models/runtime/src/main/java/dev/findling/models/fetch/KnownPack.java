package dev.findling.models.fetch;

import dev.findling.models.pack.PackManifest;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A real model pack that can be downloaded: where its files come from, their pinned SHA-256 and
 * sizes, their licences, and the manifest ({@code pack.json}) to write once they are verified.
 *
 * @param name        the short name used on the command line ({@code models fetch NAME})
 * @param summary     one line for {@code models list}
 * @param downloads   what to download, in order
 * @param manifest    the pack.json to write; its {@link PackManifest#id()} names the pack folder
 */
public record KnownPack(String name, String summary, List<Download> downloads, PackManifest manifest) {
    public KnownPack {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
        downloads = List.copyOf(downloads);
    }

    /** Total bytes to download. */
    public long totalBytes() {
        return downloads.stream().mapToLong(Download::size).sum();
    }

    /**
     * One URL to download.
     *
     * @param file    for a plain file, its path inside the pack folder; for an archive, its name
     *                while downloading (the archive itself is deleted once its members are out)
     * @param url     public https URL (or a {@code file:} URL, used by tests)
     * @param sha256  pinned SHA-256 of the downloaded bytes (lower-case hex)
     * @param size    pinned size in bytes
     * @param license licence of the content, e.g. "Apache-2.0"
     * @param source  where the content originates (project and export), for the docs and {@code models list}
     * @param members for a ZIP archive, the files to take out of it; empty for a plain file
     */
    public record Download(String file, URI url, String sha256, long size, String license, String source,
                           List<ArchiveMember> members) {
        public Download {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(url, "url");
            if (!Sha256.isValid(sha256)) {
                throw new IllegalArgumentException("download " + file + " needs a lower-case hex SHA-256 but has " + sha256);
            }
            if (size <= 0) {
                throw new IllegalArgumentException("download " + file + " needs its size in bytes but has " + size);
            }
            members = members == null ? List.of() : List.copyOf(members);
        }

        public static Download file(String file, String url, String sha256, long size, String license, String source) {
            return new Download(file, URI.create(url), sha256, size, license, source, List.of());
        }

        public boolean isArchive() {
            return !members.isEmpty();
        }
    }

    /**
     * A file inside a downloaded ZIP archive.
     *
     * @param entry  the entry's name in the archive (matched exactly, or by its last path segment)
     * @param file   where it goes, relative to the pack folder
     * @param sha256 pinned SHA-256 of the extracted bytes
     * @param size   pinned size of the extracted file
     */
    public record ArchiveMember(String entry, String file, String sha256, long size) {
        public ArchiveMember {
            if (!Sha256.isValid(sha256)) {
                throw new IllegalArgumentException("archive member " + entry + " needs a lower-case hex SHA-256 but has " + sha256);
            }
        }
    }
}

package dev.findling.index.scan;

import dev.findling.index.FileFailure;

import java.util.List;

/**
 * What a scan of one root found.
 *
 * @param files    supported files, sorted by relative path (so runs proceed in a stable order)
 * @param problems folders and files that were skipped and why (unreadable, link outside the root, loops)
 */
public record ScanResult(List<ScannedFile> files, List<FileFailure> problems) {
    public ScanResult {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }
}

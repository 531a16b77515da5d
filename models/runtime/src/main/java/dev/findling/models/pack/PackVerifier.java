package dev.findling.models.pack;

import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.runtime.SessionFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code models verify DIR}: runs every check {@link PackLoader} runs (manifest, files, SHA-256,
 * tensor contracts) on the CPU, hashes every file so that unpinned ones can be pinned, and reports
 * instead of throwing. Sessions are closed before returning.
 */
public final class PackVerifier {
    private PackVerifier() {
    }

    static VerificationReport.DerivedReport derivedReport(PackLoader.DerivedInspection d) {
        DerivedPerSamDecoder.Derived derived = d.derived();
        if (derived == null) {
            return new VerificationReport.DerivedReport(null, d.sourceFile(), null, null, false, List.of(),
                    d.unavailableReason());
        }
        DerivedPerSamDecoder.Record r = derived.record();
        return new VerificationReport.DerivedReport(derived.file() == null ? null : derived.entry().file(), r.source(),
                r.sourceSha256(), r.sha256(), derived.madeNow(), r.addedNodes(), d.unavailableReason());
    }

    public static VerificationReport verify(Path packDir) {
        PackManifest manifest;
        try {
            manifest = ManifestReader.read(packDir);
        } catch (PackException e) {
            return new VerificationReport(packDir, null, null, List.of(e.getMessage()), List.of());
        }
        return verify(packDir, manifest);
    }

    /**
     * Verifies {@code manifest} as if it were the folder's {@code pack.json}, so that a manifest is checked
     * before it is written ({@code models import}) and a folder never holds one that fails.
     */
    public static VerificationReport verify(Path packDir, PackManifest manifest) {
        PackLoader.Inspection in;
        try {
            in = PackLoader.inspect(packDir, manifest, SessionFactory.create(ExecutionSettings.defaults()), true);
        } catch (PackException e) {
            return new VerificationReport(packDir, manifest.id(), manifest.name(), List.of(e.getMessage()), List.of());
        }
        try {
            List<VerificationReport.EntryReport> entries = new ArrayList<>();
            for (PackLoader.EntryInspection e : in.entries) {
                entries.add(new VerificationReport.EntryReport(e.entry().role(), e.entry().dialect(), e.entry().file(),
                        e.sizeBytes(), e.actualSha256(), e.entry().sha256() != null, e.problems(), e.entry().derive(), e.derivedFile()));
            }
            VerificationReport.DerivedReport derived = in.derivedPerSam.map(PackVerifier::derivedReport).orElse(null);
            return new VerificationReport(packDir, in.manifest.id(), in.manifest.name(), in.packProblems, entries, derived);
        } finally {
            LoadedPack.closeAll(in.distinctSessions);
        }
    }
}

package dev.findling.models.fetch;

import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.TensorSpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the pack definitions against each other and the dialect contracts; nothing is downloaded. */
class KnownPacksTest {
    @Test
    void namesAndIdsAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (KnownPack pack : KnownPacks.all()) {
            assertTrue(names.add(pack.name()), pack.name());
            assertTrue(ids.add(pack.manifest().id()), pack.manifest().id());
            assertEquals(pack, KnownPacks.byName(pack.name().toUpperCase()).orElseThrow());
        }
        assertTrue(names.containsAll(Set.of("mobilesam", "clip-vit-b32")));
    }

    @Test
    void everyModelFileIsDownloadedWithTheSamePin() {
        for (KnownPack pack : KnownPacks.all()) {
            Map<String, String> pinned = new HashMap<>();
            for (KnownPack.Download d : pack.downloads()) {
                assertTrue(d.url().getScheme().equals("https"), d.url().toString());
                assertTrue(d.license() != null && !d.license().isBlank() && d.source() != null);
                if (d.isArchive()) {
                    d.members().forEach(m -> pinned.put(m.file(), m.sha256()));
                } else {
                    pinned.put(d.file(), d.sha256());
                }
            }
            for (ModelEntry e : pack.manifest().models()) {
                assertEquals(pinned.get(e.file()), e.sha256(), pack.name() + ": " + e.file());
            }
            if (pack.manifest().tokenizer() != null) {
                assertTrue(pinned.containsKey(pack.manifest().tokenizer().file()), pack.name() + " tokenizer");
            }
        }
    }

    @Test
    void tensorMapsUseTheDialectsLogicalNames() {
        for (KnownPack pack : KnownPacks.all()) {
            for (ModelEntry e : pack.manifest().models()) {
                Dialects.Contract contract = Dialects.contract(e.role(), e.dialect()).orElseThrow(
                        () -> new AssertionError(pack.name() + ": unknown role/dialect " + e.role() + "/" + e.dialect()));
                Set<String> inputs = contract.inputs().stream().map(TensorSpec::logicalName).collect(Collectors.toSet());
                Set<String> outputs = contract.outputs().stream().map(TensorSpec::logicalName).collect(Collectors.toSet());
                assertTrue(inputs.containsAll(e.inputs().keySet()), pack.name() + " " + e.file() + " inputs " + e.inputs());
                assertTrue(outputs.containsAll(e.outputs().keySet()), pack.name() + " " + e.file() + " outputs " + e.outputs());
            }
        }
        ModelEntry encoder = KnownPacks.mobileSam().manifest().models().get(0);
        assertEquals("input_image", encoder.inputName("image"));
        assertTrue(encoder.preprocessing().normalizedInGraph());
        assertEquals("sam-preprocess", encoder.dialect());
    }

    @Test
    void manifestsSurviveTheLoadersParser() {
        for (KnownPack pack : KnownPacks.all()) {
            PackManifest parsed = ManifestReader.parse(ManifestReader.toJson(pack.manifest()));
            assertEquals(pack.manifest().id(), parsed.id());
            assertEquals(PackManifest.KIND_LEARNED, parsed.kind());
            assertEquals(pack.manifest().models().size(), parsed.models().size());
        }
    }
}

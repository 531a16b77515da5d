package dev.findling.models.reference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.findling.models.pack.Dialects;
import dev.findling.models.pack.ManifestReader;
import dev.findling.models.pack.ModelEntry;
import dev.findling.models.pack.PackManifest;
import dev.findling.models.pack.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferencePackTest {
    @Test
    void ensureWritesAReproduciblePackWithPinnedHashes(@TempDir Path a, @TempDir Path b) throws Exception {
        ReferencePack.ensure(a);
        ReferencePack.ensure(b);
        PackManifest manifest = ManifestReader.read(a);
        assertEquals(ReferencePack.ID, manifest.id());
        assertEquals(ReferencePack.LABEL, manifest.label());
        assertTrue(manifest.isReference());
        assertEquals(6, manifest.models().size());
        for (ModelEntry e : manifest.models()) {
            byte[] bytes = Files.readAllBytes(a.resolve(e.file()));
            assertEquals(ReferencePack.sha256(bytes), e.sha256(), e.file());
            assertArrayEquals(bytes, Files.readAllBytes(b.resolve(e.file())), e.file() + " differs between two generations");
        }
        assertArrayEquals(Files.readAllBytes(a.resolve(PackManifest.FILE_NAME)), Files.readAllBytes(b.resolve(PackManifest.FILE_NAME)));
        assertTrue(Files.isRegularFile(a.resolve(manifest.tokenizer().file())));
    }

    @Test
    void ensureLeavesMatchingFilesAloneAndRepairsChangedOnes(@TempDir Path dir) throws Exception {
        ReferencePack.ensure(dir);
        Path encoder = dir.resolve(ReferencePack.IMAGE_ENCODER_FILE);
        Path decoder = dir.resolve(ReferencePack.MASK_DECODER_FILE);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(encoder, old);
        byte[] good = Files.readAllBytes(decoder);
        Files.write(decoder, new byte[]{1, 2, 3});

        ReferencePack.ensure(dir);

        assertEquals(old, Files.getLastModifiedTime(encoder), "an unchanged file was rewritten");
        assertArrayEquals(good, Files.readAllBytes(decoder), "a damaged file was not regenerated");
    }

    @Test
    void everyGraphOpensInOnnxRuntimeAndMeetsItsDialectContract(@TempDir Path dir) throws Exception {
        ReferencePack.ensure(dir);
        PackManifest manifest = ManifestReader.read(dir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (ModelEntry e : manifest.models()) {
            Dialects.Contract contract = Dialects.contract(e.role(), e.dialect()).orElseThrow();
            try (OrtSession s = env.createSession(dir.resolve(e.file()).toString(), new OrtSession.SessionOptions())) {
                check(e.file(), contract.inputs(), s.getInputInfo(), e, true);
                check(e.file(), contract.outputs(), s.getOutputInfo(), e, false);
            }
        }
    }

    private static void check(String file, java.util.List<TensorSpec> specs, Map<String, NodeInfo> actual, ModelEntry e, boolean input) {
        for (TensorSpec spec : specs) {
            String name = input ? e.inputName(spec.logicalName()) : e.outputName(spec.logicalName());
            NodeInfo info = actual.get(name);
            assertTrue(info != null, file + " lacks " + name + " (has " + actual.keySet() + ")");
            TensorInfo t = (TensorInfo) info.getInfo();
            assertTrue(spec.elementTypes().contains(t.type), file + " " + name + " is " + t.type);
            assertEquals(spec.rank(), t.getShape().length, file + " " + name + " rank");
        }
    }
}

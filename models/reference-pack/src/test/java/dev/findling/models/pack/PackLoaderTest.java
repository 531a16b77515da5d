package dev.findling.models.pack;

import dev.findling.models.onnx.ElementType;
import dev.findling.models.runtime.ExecutionSettings;
import dev.findling.models.runtime.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.findling.models.pack.TinyPacks.In;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackLoaderTest {
    private static final SessionFactory CPU = SessionFactory.create(ExecutionSettings.defaults());

    @TempDir
    Path dir;

    private LoadedPack load() {
        return PackLoader.load(dir, CPU);
    }

    private String loadFailure() {
        return assertThrows(PackException.class, this::load).getMessage();
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected to find\n  " + expected + "\nin\n  " + text);
    }

    private void writeWithDecoder(List<In> inputs, Map<String, String> outputs, ModelEntry decoderEntry) throws IOException {
        TinyPacks.write(dir, TinyPacks.manifest("tiny", List.of(TinyPacks.samEncoderEntry("encoder.onnx"), decoderEntry)),
                Map.of("encoder.onnx", TinyPacks.encoder("image", false),
                        "mask_decoder.onnx", TinyPacks.decoder(inputs, outputs)));
    }

    private void writeWithDecoderInputs(List<In> inputs) throws IOException {
        writeWithDecoder(inputs, TinyPacks.samOutputs(), TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"));
    }

    private static List<In> replace(List<In> inputs, In replacement) {
        return inputs.stream().map(i -> i.name().equals(replacement.name()) ? replacement : i).toList();
    }

    @Test
    void validPackLoadsWithOneSessionPerFile() throws IOException {
        TinyPacks.writeMinimal(dir);
        try (LoadedPack pack = load()) {
            assertEquals("tiny", pack.manifest().id());
            assertEquals(2, pack.entries().size());
            assertEquals(2, pack.sessionCount());
            assertEquals(TinyPacks.ENCODER_SIZE, pack.entries().get(0).entry().preprocessing().inputSize());
        }
    }

    @Test
    void aFileSharedByTwoEntriesIsOpenedOnce() throws IOException {
        // A merged SAM-CLIP backbone: one file serves as image encoder and as dense encoder.
        ModelEntry dense = new ModelEntry(Dialects.DENSE_ENCODER, "samclip", "backbone.onnx", null, Map.of(), Map.of(),
                Preprocessing.sam(TinyPacks.ENCODER_SIZE), 3);
        TinyPacks.write(dir, TinyPacks.manifest("merged", List.of(TinyPacks.samEncoderEntry("backbone.onnx"), dense,
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"))),
                Map.of("backbone.onnx", TinyPacks.encoder("image", true),
                        "mask_decoder.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs())));
        try (LoadedPack pack = load()) {
            assertEquals(3, pack.entries().size());
            assertEquals(2, pack.sessionCount());
            assertTrue(pack.entries().get(0).session() == pack.entries().get(1).session());
        }
    }

    /** A backbone file shared by a sam image encoder and {@code dense}, plus a decoder. */
    private void writeMerged(ModelEntry encoder, ModelEntry dense, boolean withDenseOutput) throws IOException {
        TinyPacks.write(dir, TinyPacks.manifest("merged", List.of(encoder, dense,
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"))),
                Map.of("backbone.onnx", TinyPacks.encoder("image", withDenseOutput),
                        "mask_decoder.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs())));
    }

    private static ModelEntry samclip(Preprocessing p, Map<String, String> outputs) {
        return new ModelEntry(Dialects.DENSE_ENCODER, Dialects.SAMCLIP, "backbone.onnx", null, Map.of(), outputs, p, 3);
    }

    @Test
    void aMergedBackboneWithoutDenseFeaturesIsRefusedWithEveryOtherProblem() throws IOException {
        ModelEntry encoder = new ModelEntry(Dialects.IMAGE_ENCODER, "sam", "backbone.onnx", null, Map.of(), Map.of(),
                Preprocessing.sam(1024), null);
        writeMerged(encoder, samclip(Preprocessing.sam(TinyPacks.ENCODER_SIZE), Map.of()), false);
        String message = loadFailure();
        assertContains(message, "(2 problems):");
        assertContains(message, "backbone.onnx: dialect samclip needs output 'dense_features' but the graph's outputs are "
                + "[image_embeddings]; map the export's name in pack.json \"outputs\"");
        assertContains(message, "backbone.onnx: input 'image' is fixed at 64×64 but preprocessing.inputSize is 1024");
    }

    @Test
    void aMergedBackboneMustPrepareItsOneInputOneWay() throws IOException {
        writeMerged(TinyPacks.samEncoderEntry("backbone.onnx"),
                samclip(Preprocessing.efficientVitSam(TinyPacks.ENCODER_SIZE), Map.of()), true);
        String message = loadFailure();
        assertContains(message, "backbone.onnx: the image-encoder and the dense-encoder share this file (a merged SAM-CLIP "
                + "backbone), so both feed its one input, but their preprocessing differs: image-encoder {inputSize 64, "
                + "longest-side-pad, valueScale 1.0, pixelMean [123.675, 116.28, 103.53]");
        assertContains(message, "dense-encoder {inputSize 64, longest-side-pad, valueScale 255.0");
    }

    @Test
    void aMergedBackbonesDenseHeadIsSamclip() throws IOException {
        writeMerged(TinyPacks.samEncoderEntry("backbone.onnx"), new ModelEntry(Dialects.DENSE_ENCODER, "dense-clip",
                "backbone.onnx", null, Map.of("pixel_values", "image"), Map.of(), null, 3), true);
        assertContains(loadFailure(), "backbone.onnx: the image-encoder and the dense-encoder share this file (a merged "
                + "SAM-CLIP backbone), whose dense head has dialect samclip (SAM preprocessing on the backbone's one input), "
                + "but the dense-encoder says dialect dense-clip");
    }

    @Test
    void aMergedBackbonesHeadsAreTwoOutputs() throws IOException {
        writeMerged(TinyPacks.samEncoderEntry("backbone.onnx"),
                samclip(Preprocessing.sam(TinyPacks.ENCODER_SIZE), Map.of("dense_features", "image_embeddings")), true);
        assertContains(loadFailure(), "backbone.onnx: the image-encoder and the dense-encoder share this file (a merged "
                + "SAM-CLIP backbone), but both map their output to 'image_embeddings'");
    }

    @Test
    void separateEncoderFilesAreNoMergedBackbone() throws IOException {
        ModelEntry dense = samclip(Preprocessing.efficientVitSam(TinyPacks.ENCODER_SIZE), Map.of());
        dense = new ModelEntry(dense.role(), dense.dialect(), "dense.onnx", null, Map.of(), Map.of(), dense.preprocessing(), 3);
        TinyPacks.write(dir, TinyPacks.manifest("separate", List.of(TinyPacks.samEncoderEntry("encoder.onnx"), dense,
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"))),
                Map.of("encoder.onnx", TinyPacks.encoder("image", false), "dense.onnx", TinyPacks.encoder("image", true),
                        "mask_decoder.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs())));
        // Different preprocessing is fine for two graphs: each gets its own tensor.
        try (LoadedPack pack = load()) {
            assertEquals(3, pack.sessionCount());
            assertFalse(pack.entries().get(0).session() == pack.entries().get(1).session());
        }
    }

    @Test
    void wrongRankNamesFileTensorExpectedAndActual() throws IOException {
        writeWithDecoderInputs(replace(TinyPacks.samOnnxInputs(), new In("point_coords", ElementType.FLOAT, 1, "N")));
        assertContains(loadFailure(),
                "mask_decoder.onnx: input 'point_coords' has rank 2 but dialect sam-onnx expects rank 3 (float)");
    }

    @Test
    void wrongElementTypeIsReported() throws IOException {
        writeWithDecoderInputs(replace(TinyPacks.samOnnxInputs(), new In("point_labels", ElementType.INT64, 1, "N")));
        assertContains(loadFailure(),
                "mask_decoder.onnx: input 'point_labels' has element type int64 but dialect sam-onnx expects float");
    }

    @Test
    void missingInputIsReportedWithWhatTheGraphHas() throws IOException {
        List<In> inputs = TinyPacks.samOnnxInputs().stream().filter(i -> !i.name().equals("has_mask_input")).toList();
        writeWithDecoderInputs(inputs);
        String message = loadFailure();
        assertContains(message, "mask_decoder.onnx: dialect sam-onnx needs input 'has_mask_input' but the graph's inputs are [");
        assertContains(message, "map the export's name in pack.json \"inputs\"");
    }

    @Test
    void missingOutputIsReported() throws IOException {
        Map<String, String> outputs = TinyPacks.samOutputs();
        outputs.remove("iou_predictions");
        writeWithDecoder(TinyPacks.samOnnxInputs(), outputs, TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"));
        assertContains(loadFailure(), "mask_decoder.onnx: dialect sam-onnx needs output 'iou_predictions'");
    }

    @Test
    void anInputTheDialectNeverFeedsIsReported() throws IOException {
        List<In> inputs = TinyPacks.samOnnxInputs();
        inputs.add(new In("temperature", ElementType.FLOAT, 1));
        writeWithDecoderInputs(inputs);
        assertContains(loadFailure(), "mask_decoder.onnx: the graph has input 'temperature' that dialect sam-onnx does not feed");
    }

    @Test
    void exportNamesAreMappedThroughTheManifest() throws IOException {
        List<In> inputs = replace(TinyPacks.lowResInputs(), new In("point_coords", ElementType.FLOAT, 1, "N", 2));
        inputs = inputs.stream().map(i -> i.name().equals("point_coords") ? new In("coords", i.type(), i.dims()) : i).toList();
        ModelEntry entry = new ModelEntry(Dialects.MASK_DECODER, "edgesam", "mask_decoder.onnx", null,
                Map.of("point_coords", "coords"), Map.of("iou_predictions", "scores", "low_res_masks", "masks"), null, null);
        writeWithDecoder(inputs, Map.of("iou_predictions", "scores", "low_res_masks", "masks"), entry);
        try (LoadedPack pack = load()) {
            assertEquals("coords", pack.entries().get(1).entry().inputName("point_coords"));
        }
    }

    @Test
    void singleMaskExportsAreRefused() throws IOException {
        // segment-anything's export with --return-single-mask declares one mask per run.
        TinyPacks.write(dir, TinyPacks.manifest("tiny", List.of(TinyPacks.samEncoderEntry("encoder.onnx"),
                        TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"))),
                Map.of("encoder.onnx", TinyPacks.encoder("image", false),
                        "mask_decoder.onnx", TinyPacks.decoder(TinyPacks.samOnnxInputs(), TinyPacks.samOutputs(), 1)));
        assertContains(loadFailure(), "mask_decoder.onnx: output 'low_res_masks' holds 1 masks per run but dialect "
                + "sam-onnx needs all 4");
        assertContains(loadFailure(), "a --return-single-mask export is dialect sam-onnx-single");
    }

    @Test
    void decoderMustTakeTheEncodersEmbeddings() throws IOException {
        List<In> inputs = replace(TinyPacks.samOnnxInputs(), new In("image_embeddings", ElementType.FLOAT, 1, 256, 64, 64));
        writeWithDecoderInputs(inputs);
        assertContains(loadFailure(), "mask_decoder.onnx takes image embeddings [1,256,64,64] but encoder.onnx produces [1,3,4,4]");
    }

    @Test
    void unknownRoleListsTheKnownRoles() throws IOException {
        TinyPacks.writeMinimal(dir);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0), m.models().get(1),
                TinyPacks.entry("depth-estimator", "midas", "encoder.onnx"))));
        assertContains(loadFailure(), "encoder.onnx: unknown role 'depth-estimator'; known roles: image-encoder, "
                + "mask-decoder, text-encoder, dense-encoder, image-embedder");
    }

    @Test
    void unknownDialectListsTheRolesDialects() throws IOException {
        TinyPacks.writeMinimal(dir);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0),
                TinyPacks.entry(Dialects.MASK_DECODER, "sam2", "mask_decoder.onnx"))));
        assertContains(loadFailure(), "mask_decoder.onnx: unknown mask-decoder dialect 'sam2'; known: sam-onnx, "
                + "sam-onnx-single, persam, edgesam, efficientvit-sam");
    }

    @Test
    void missingFileIsNamed() throws IOException {
        TinyPacks.writeMinimal(dir);
        Files.delete(dir.resolve("mask_decoder.onnx"));
        assertContains(loadFailure(), "mask_decoder.onnx: file not found (");
    }

    @Test
    void filesOutsideThePackAreRefused() throws IOException {
        TinyPacks.writeMinimal(dir);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0),
                TinyPacks.entry(Dialects.MASK_DECODER, "sam-onnx", "../mask_decoder.onnx"))));
        assertContains(loadFailure(), "../mask_decoder.onnx: file must be a relative path inside the pack folder");
    }

    @Test
    void checksumMismatchIsReportedWithBothSums() throws IOException {
        TinyPacks.writeMinimal(dir);
        String wrong = "0".repeat(64);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0), withSha(m.models().get(1), wrong))));
        String actual = Checksums.sha256(dir.resolve("mask_decoder.onnx"));
        String message = loadFailure();
        assertContains(message, "mask_decoder.onnx: SHA-256 is " + actual + " but pack.json pins " + wrong);
    }

    @Test
    void matchingChecksumLoadsWhateverItsCase() throws IOException {
        TinyPacks.writeMinimal(dir);
        String actual = Checksums.sha256(dir.resolve("mask_decoder.onnx")).toUpperCase(Locale.ROOT);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0), withSha(m.models().get(1), actual))));
        try (LoadedPack pack = load()) {
            assertEquals(2, pack.entries().size());
        }
    }

    @Test
    void checksumIsStreamedSha256() throws IOException {
        Path f = dir.resolve("abc.bin");
        Files.writeString(f, "abc");
        // FIPS 180-2 test vector.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.sha256(f));
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        TinyPacks.writeMinimal(dir);
        Files.delete(dir.resolve("mask_decoder.onnx"));
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0), m.models().get(1),
                TinyPacks.entry(Dialects.TEXT_ENCODER, "clip", "text.onnx"))));
        String message = loadFailure();
        assertContains(message, "problems):");
        assertContains(message, "mask_decoder.onnx: file not found");
        assertContains(message, "text.onnx: file not found");
        assertContains(message, "has a text-encoder but no 'tokenizer'");
    }

    @Test
    void aPackNeedsAnEncoderAndADecoder() throws IOException {
        TinyPacks.writeMinimal(dir);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(m.models().get(0))));
        assertContains(loadFailure(), "pack.json has no mask-decoder; every pack needs one");
    }

    @Test
    void efficientVitSamWithoutInputSizeAsksForIt() throws IOException {
        TinyPacks.writeMinimal(dir);
        // The tiny encoder fixes its size, so take it from the graph...
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(
                TinyPacks.entry(Dialects.IMAGE_ENCODER, "efficientvit-sam", "encoder.onnx"), m.models().get(1))));
        try (LoadedPack pack = load()) {
            Preprocessing p = pack.entries().get(0).entry().preprocessing();
            assertEquals(TinyPacks.ENCODER_SIZE, p.inputSize());
            assertEquals(255f, p.valueScale());
            assertEquals(123.675f / 255f, p.pixelMean()[0], 1e-7f);
        }
    }

    @Test
    void preprocessingThatContradictsTheGraphIsReported() throws IOException {
        TinyPacks.writeMinimal(dir);
        rewriteManifest(m -> TinyPacks.manifest("tiny", List.of(new ModelEntry(Dialects.IMAGE_ENCODER, "sam",
                "encoder.onnx", null, Map.of(), Map.of(), Preprocessing.sam(1024), null), m.models().get(1))));
        assertContains(loadFailure(), "encoder.onnx: input 'image' is fixed at 64×64 but preprocessing.inputSize is 1024");
    }

    @Test
    void newerManifestFormatIsRefused() throws IOException {
        TinyPacks.writeMinimal(dir);
        String json = Files.readString(dir.resolve("pack.json")).replaceFirst("\"format\" : 1", "\"format\" : 2");
        Files.writeString(dir.resolve("pack.json"), json);
        assertContains(loadFailure(), "has format 2 but this version of Findling reads format 1");
    }

    @Test
    void misspeltFieldIsAnError() throws IOException {
        TinyPacks.writeMinimal(dir);
        String json = Files.readString(dir.resolve("pack.json")).replaceFirst("\"name\"", "\"nmae\"");
        Files.writeString(dir.resolve("pack.json"), json);
        assertContains(loadFailure(), "unknown field 'nmae'");
    }

    @Test
    void aFolderWithoutManifestIsNotAPack() {
        assertContains(loadFailure(), "is not a model pack: it has no pack.json");
    }

    private static ModelEntry withSha(ModelEntry e, String sha) {
        return new ModelEntry(e.role(), e.dialect(), e.file(), sha, e.inputs(), e.outputs(), e.preprocessing(), e.dimension());
    }

    private void rewriteManifest(java.util.function.UnaryOperator<PackManifest> change) throws IOException {
        PackManifest m = ManifestReader.read(dir);
        Files.write(dir.resolve(PackManifest.FILE_NAME), ManifestReader.toJson(change.apply(m)));
    }

    @Test
    void verifierReportsEachEntryAndHashesEveryFile() throws IOException {
        TinyPacks.writeMinimal(dir);
        VerificationReport ok = PackVerifier.verify(dir);
        assertTrue(ok.ok(), ok.toText());
        assertEquals(2, ok.entries().size());
        assertEquals(Checksums.sha256(dir.resolve("encoder.onnx")), ok.entries().get(0).sha256());
        assertFalse(ok.entries().get(0).sha256Pinned());
        assertTrue(ok.toText().contains("OK"));

        Files.delete(dir.resolve("mask_decoder.onnx"));
        VerificationReport broken = PackVerifier.verify(dir);
        assertFalse(broken.ok());
        assertTrue(broken.entries().get(0).ok());
        assertFalse(broken.entries().get(1).ok());
        assertContains(broken.toText(), "FAILED  mask-decoder / sam-onnx  mask_decoder.onnx");
    }

    @Test
    void verifierReportsAnUnreadableManifest() throws IOException {
        Files.writeString(dir.resolve("pack.json"), "{ not json");
        VerificationReport r = PackVerifier.verify(dir);
        assertFalse(r.ok());
        assertContains(r.packProblems().get(0), "pack.json line 1");
    }
}

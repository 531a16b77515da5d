package dev.findling.models.pack;

import dev.findling.models.onnx.ElementType;
import dev.findling.models.onnx.OnnxGraph;
import dev.findling.models.onnx.OnnxModelWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small ONNX graphs with the dialect contracts (or deliberately broken variants of them) and packs
 * built from them, for loader and wrapper tests. The decoders echo their prompt so that tests can
 * see what reached the graph: {@code iou_predictions} = [Σx, Σy, Σlabel, Σlabel²] over the points,
 * and {@code low_res_masks} = four copies of {@code mask_input · has_mask_input} (plus the sums of
 * the PerSAM inputs for the persam dialect).
 */
public final class TinyPacks {
    public static final int ENCODER_SIZE = 64;
    public static final int CHANNELS = 3;
    public static final int GRID = 4;

    private TinyPacks() {
    }

    /** One declared graph input: name, element type, dims (numbers or symbolic names). */
    public record In(String name, ElementType type, Object... dims) {
    }

    /** Image encoder: average-pools the 64² input to 4×4 → image_embeddings [1,3,4,4]; optional dense_features. */
    public static byte[] encoder(String inputName, boolean withDense) {
        OnnxGraph g = new OnnxGraph("tiny-encoder");
        OnnxGraph.Value x = g.input(inputName, ElementType.FLOAT, 1, 3, ENCODER_SIZE, ENCODER_SIZE);
        OnnxGraph.Value pooled = g.averagePool(x, ENCODER_SIZE / GRID, ENCODER_SIZE / GRID, 0);
        g.output("image_embeddings", pooled, ElementType.FLOAT, 1, CHANNELS, GRID, GRID);
        if (withDense) {
            g.output("dense_features", g.mul(pooled, g.scalar(2f)), ElementType.FLOAT, 1, CHANNELS, GRID, GRID);
        }
        return OnnxModelWriter.toBytes(g);
    }

    /** The sam-onnx inputs as segment-anything's export declares them. */
    public static List<In> samOnnxInputs() {
        return new ArrayList<>(List.of(
                new In("image_embeddings", ElementType.FLOAT, 1, "C", "h", "w"),
                new In("point_coords", ElementType.FLOAT, 1, "N", 2),
                new In("point_labels", ElementType.FLOAT, 1, "N"),
                new In("mask_input", ElementType.FLOAT, 1, 1, 256, 256),
                new In("has_mask_input", ElementType.FLOAT, 1),
                new In("orig_im_size", ElementType.FLOAT, 2)));
    }

    public static List<In> persamInputs() {
        List<In> in = samOnnxInputs();
        in.add(new In("attn_sim", ElementType.FLOAT, 1, 1, 1, "cells"));
        in.add(new In("target_embedding", ElementType.FLOAT, 1, 1, "C"));
        return in;
    }

    public static List<In> lowResInputs() {
        return new ArrayList<>(List.of(
                new In("image_embeddings", ElementType.FLOAT, 1, "C", "h", "w"),
                new In("point_coords", ElementType.FLOAT, 1, "N", 2),
                new In("point_labels", ElementType.FLOAT, 1, "N")));
    }

    /**
     * A decoder declaring {@code inputs}; the echo outputs use whichever of point_coords, point_labels,
     * mask_input, has_mask_input, attn_sim and target_embedding are declared as float with the usual rank.
     *
     * @param outputNames logical output → name in the graph (absent key = output omitted)
     */
    public static byte[] decoder(List<In> inputs, Map<String, String> outputNames) {
        return decoder(inputs, outputNames, 4);
    }

    /** As {@link #decoder(List, Map)} with {@code maskCount} masks per run (1 for single-mask exports). */
    public static byte[] decoder(List<In> inputs, Map<String, String> outputNames, int maskCount) {
        OnnxGraph g = new OnnxGraph("tiny-decoder");
        Map<String, OnnxGraph.Value> v = new LinkedHashMap<>();
        Map<String, In> declared = new LinkedHashMap<>();
        for (In in : inputs) {
            v.put(in.name(), g.input(in.name(), in.type(), in.dims()));
            declared.put(in.name(), in);
        }
        OnnxGraph.Value iou = usable(declared, "point_coords", 3) && usable(declared, "point_labels", 2)
                ? echoPoints(g, v.get("point_coords"), v.get("point_labels"))
                : g.tensor(new long[]{1, 4}, new float[]{0.5f, 0.5f, 0.5f, 0.5f});
        OnnxGraph.Value mask;
        if (usable(declared, "mask_input", 4) && usable(declared, "has_mask_input", 1)) {
            mask = g.mul(v.get("mask_input"), v.get("has_mask_input"));
        } else {
            mask = g.tensor(new long[]{1, 1, 256, 256}, new float[256 * 256]);
        }
        if (usable(declared, "attn_sim", 4) && usable(declared, "target_embedding", 3)) {
            mask = g.add(mask, g.add(g.reduceSum(v.get("attn_sim"), false, 0, 1, 2, 3),
                    g.reduceSum(v.get("target_embedding"), false, 0, 1, 2)));
        }
        OnnxGraph.Value[] copies = new OnnxGraph.Value[maskCount];
        java.util.Arrays.fill(copies, mask);
        OnnxGraph.Value four = maskCount == 1 ? g.mul(mask, g.scalar(1f)) : g.concat(1, copies);
        if (outputNames.containsKey("masks")) {
            g.output(outputNames.get("masks"), four, ElementType.FLOAT, 1, maskCount, 256, 256);
        }
        if (outputNames.containsKey("iou_predictions")) {
            g.output(outputNames.get("iou_predictions"), iou, ElementType.FLOAT, 1, 4);
        }
        if (outputNames.containsKey("low_res_masks")) {
            g.output(outputNames.get("low_res_masks"), four, ElementType.FLOAT, 1, maskCount, 256, 256);
        }
        return OnnxModelWriter.toBytes(g);
    }

    public static Map<String, String> samOutputs() {
        return new LinkedHashMap<>(Map.of("masks", "masks", "iou_predictions", "iou_predictions",
                "low_res_masks", "low_res_masks"));
    }

    public static Map<String, String> lowResOutputs() {
        return new LinkedHashMap<>(Map.of("iou_predictions", "iou_predictions", "low_res_masks", "low_res_masks"));
    }

    private static boolean usable(Map<String, In> declared, String name, int rank) {
        In in = declared.get(name);
        return in != null && in.type() == ElementType.FLOAT && in.dims().length == rank;
    }

    /** [Σx, Σy, Σlabel, Σlabel²] as [1, 4]. */
    private static OnnxGraph.Value echoPoints(OnnxGraph g, OnnxGraph.Value coords, OnnxGraph.Value labels) {
        OnnxGraph.Value xy = g.reduceSum(coords, false, 1);                 // [1, 2]
        OnnxGraph.Value sum = g.reduceSum(labels, true, 1);                 // [1, 1]
        OnnxGraph.Value sumSq = g.reduceSum(g.mul(labels, labels), true, 1); // [1, 1]
        return g.concat(1, xy, sum, sumSq);
    }

    /** A text encoder: input_ids [1,77] of {@code idType} → text_embeds [1,4] (the ids' sum in every slot). */
    public static byte[] textEncoder(ElementType idType, boolean withAttentionMask) {
        OnnxGraph g = new OnnxGraph("tiny-text");
        OnnxGraph.Value ids = g.input("input_ids", idType, 1, 77);
        OnnxGraph.Value f = g.cast(ids, ElementType.FLOAT);
        if (withAttentionMask) {
            OnnxGraph.Value mask = g.input("attention_mask", idType, 1, 77);
            f = g.mul(f, g.cast(mask, ElementType.FLOAT));
        }
        OnnxGraph.Value total = g.reduceSum(f, true, 1);
        g.output("text_embeds", g.concat(1, total, total, total, total), ElementType.FLOAT, 1, 4);
        return OnnxModelWriter.toBytes(g);
    }

    public static ModelEntry entry(String role, String dialect, String file) {
        return new ModelEntry(role, dialect, file, null, Map.of(), Map.of(), null, null);
    }

    public static ModelEntry samEncoderEntry(String file) {
        return new ModelEntry(Dialects.IMAGE_ENCODER, "sam", file, null, Map.of(), Map.of(),
                Preprocessing.sam(ENCODER_SIZE), null);
    }

    public static PackManifest manifest(String id, List<ModelEntry> models) {
        return new PackManifest(PackManifest.CURRENT_FORMAT, id, "Tiny test pack", PackManifest.KIND_LEARNED, null,
                "graphs written by tests", null, models);
    }

    /** The smallest valid pack: a sam encoder and a sam-onnx decoder. */
    public static Path writeMinimal(Path dir) throws IOException {
        return write(dir, manifest("tiny", List.of(samEncoderEntry("encoder.onnx"),
                        entry(Dialects.MASK_DECODER, "sam-onnx", "mask_decoder.onnx"))),
                Map.of("encoder.onnx", encoder("image", false),
                        "mask_decoder.onnx", decoder(samOnnxInputs(), samOutputs())));
    }

    public static Path write(Path dir, PackManifest manifest, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        Files.write(dir.resolve(PackManifest.FILE_NAME), ManifestReader.toJson(manifest));
        return dir;
    }
}

package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Derives Personalize-SAM's decoder from a stock decoder built on SAM's two-way transformer — segment-anything's
 * {@code export_onnx_model.py} layout ({@code sam-onnx}), EdgeSAM's (opset 11) and EfficientSAM's (opset 17, other
 * node names, query positional encoding added into the queries) exports — by editing its graph: two new inputs,
 * {@code attn_sim} [1,1,1,h·w] and {@code target_embedding} [1,1,C], enter exactly where Personalize-SAM's {@code TwoWayTransformer} uses them
 * (docs/persam.md, "The derived decoder"; docs/sam-family.md, "Guidance"):
 * <ol>
 *   <li>before the first block, {@code queries += target_embedding}; because that {@code +=} is in place while
 *       {@code queries} is still the point embedding, every later use of the point embedding (the query
 *       positional encoding of each block and of the final attention) sees the shifted tokens too;</li>
 *   <li>before every later block, {@code queries += target_embedding} (the block's own inputs only; the previous
 *       block's image→token attention has already read the unshifted queries);</li>
 *   <li>in each block's token→image attention, {@code attn = softmax(attn + attn_sim)} after the softmax;</li>
 *   <li>the final token→image attention's {@code q += target_embedding}.</li>
 * </ol>
 * Nodes are found by structure ({@link SamDecoderAttentions}), so exports whose node names differ are handled
 * alike. The result lists every node added, for the record.
 */
public final class PerSamDecoderDerivation {
    /** Bumped whenever the edit changes, so derived files made by an older edit are not reused. */
    public static final int VERSION = 1;
    public static final String ATTN_SIM = "attn_sim";
    public static final String TARGET_EMBEDDING = "target_embedding";
    private static final String IMAGE_EMBEDDINGS = "image_embeddings";

    /**
     * The derived model and what was added.
     *
     * @param addedNodes one line per added node: op type, name, inputs → output
     */
    public record Result(OnnxMl.ModelProto model, List<String> addedNodes) {
        public Result {
            addedNodes = List.copyOf(addedNodes);
        }
    }

    private PerSamDecoderDerivation() {
    }

    /**
     * @param embeddingsInput the stock decoder's name for the image embeddings input (declared [1, C, h, w] with
     *                        fixed C, h, w; they size the two new inputs)
     * @throws GraphStructureException when the graph is not a SAM two-way-transformer decoder, or already has
     *                                 PerSAM's inputs
     */
    public static Result derive(OnnxMl.ModelProto stock, String embeddingsInput) {
        OnnxGraphEditor g = new OnnxGraphEditor(stock);
        if (g.hasInput(ATTN_SIM) || g.hasInput(TARGET_EMBEDDING)) {
            throw new GraphStructureException("the decoder already has an " + ATTN_SIM + " or " + TARGET_EMBEDDING
                    + " input; it is a persam decoder, not a stock sam-onnx one");
        }
        long[] chw = embeddingGrid(stock, embeddingsInput);
        SamDecoderAttentions.Layout layout = SamDecoderAttentions.find(g);

        g.addInput(ValueInfos.tensor(ATTN_SIM, ElementType.FLOAT, List.of(1L, 1L, 1L, chw[1] * chw[2])));
        g.addInput(ValueInfos.tensor(TARGET_EMBEDDING, ElementType.FLOAT, List.of(1L, 1L, chw[0])));
        List<OnnxMl.NodeProto.Builder> added = new ArrayList<>();

        // 1. The first block's queries, and with them the point embedding itself (the in-place +=).
        String tokens = layout.pointEmbedding();
        OnnxMl.NodeProto.Builder shifted = g.insert("Add", "persam/target_embedding/block_0",
                List.of(tokens, TARGET_EMBEDDING), List.of());
        added.add(shifted);
        for (OnnxMl.NodeProto.Builder c : g.consumers(tokens)) {
            // Shape readers see the same shape either way; leaving them keeps the prompt encoder untouched.
            if (c != shifted && !c.getOpType().equals("Shape")) {
                g.rewire(c, tokens, shifted.getOutput(0));
            }
        }

        // 2. Every later block's queries, for that block only.
        String shiftedTokens = shifted.getOutput(0);
        for (int b = 1; b < layout.blocks(); b++) {
            String queries = layout.selfAttentions().get(b).vIn();
            Set<String> previousBlockReads = g.ancestors(layout.imageToToken().get(b - 1).output().getOutput(0));
            OnnxMl.NodeProto.Builder add = g.insert("Add", "persam/target_embedding/block_" + b,
                    List.of(queries, TARGET_EMBEDDING), List.of());
            added.add(add);
            for (OnnxMl.NodeProto.Builder c : g.consumers(queries)) {
                if (c == add || c.getOpType().equals("Shape")) {
                    continue;
                }
                if (!feeds(c, previousBlockReads)) {
                    g.rewire(c, queries, add.getOutput(0));
                } else if (c.getOpType().equals("Add") && c.getInputList().contains(shiftedTokens)) {
                    // "queries + point embedding" computed once for the previous block's image→token attention
                    // and this block's self-attention (the exporter merged the two equal expressions): this block
                    // gets its own copy over the shifted queries.
                    OnnxMl.NodeProto.Builder copy = g.insert("Add", "persam/target_embedding/block_" + b + "/query_pe",
                            List.of(add.getOutput(0), shiftedTokens), List.of());
                    added.add(copy);
                    for (OnnxMl.NodeProto.Builder reader : g.consumers(c.getOutput(0))) {
                        if (!feeds(reader, previousBlockReads)) {
                            g.rewire(reader, c.getOutput(0), copy.getOutput(0));
                        }
                    }
                }
            }
            if (previousBlockReads.contains(layout.selfAttentions().get(b).qIn())
                    && g.ancestors(layout.selfAttentions().get(b).qProjection().getOutput(0)).stream()
                    .noneMatch(add.getOutput(0)::equals)) {
                throw new GraphStructureException("block " + b + "'s self-attention query " + layout.selfAttentions().get(b).qIn()
                        + " is shared with block " + (b - 1) + "'s image→token attention in a way this derivation cannot "
                        + "separate; cannot add " + TARGET_EMBEDDING + " to one and not the other");
            }
        }

        // 3. Target-guided attention: a second softmax over (softmax + attn_sim) in each block's token→image attention.
        for (int b = 0; b < layout.blocks(); b++) {
            OnnxMl.NodeProto.Builder softmax = layout.tokenToImage().get(b).softmax();
            String weights = softmax.getOutput(0);
            List<OnnxMl.NodeProto.Builder> readers = g.consumers(weights);
            OnnxMl.NodeProto.Builder add = g.insert("Add", "persam/attn_sim/block_" + b, List.of(weights, ATTN_SIM), List.of());
            OnnxMl.NodeProto.Builder again = g.insert("Softmax", "persam/attn_sim/block_" + b + "/softmax",
                    List.of(add.getOutput(0)), softmax.getAttributeList());
            added.add(add);
            added.add(again);
            for (OnnxMl.NodeProto.Builder c : readers) {
                g.rewire(c, weights, again.getOutput(0));
            }
        }

        // 4. The final attention's q (already "queries + shifted point embedding") gets the target once more.
        SamDecoderAttentions.Attention last = layout.finalTokenToImage();
        OnnxMl.NodeProto.Builder finalQ = g.insert("Add", "persam/target_embedding/final_attention",
                List.of(last.qIn(), TARGET_EMBEDDING), List.of());
        added.add(finalQ);
        g.rewire(last.qProjection(), last.qIn(), finalQ.getOutput(0));

        OnnxMl.ModelProto model = g.build();
        List<String> lines = added.stream().map(OnnxGraphEditor::describe).toList();
        return new Result(model, lines);
    }

    private static boolean feeds(OnnxMl.NodeProto.Builder node, Set<String> tensors) {
        return node.getOutputList().stream().anyMatch(tensors::contains);
    }

    /** [C, h, w] of the declared image embeddings input. */
    private static long[] embeddingGrid(OnnxMl.ModelProto stock, String embeddingsInput) {
        OnnxMl.ValueInfoProto input = stock.getGraph().getInputList().stream()
                .filter(v -> v.getName().equals(embeddingsInput)).findFirst()
                .orElseThrow(() -> new GraphStructureException("the decoder has no input '" + embeddingsInput
                        + "' (the image embeddings)"));
        List<Object> dims = ValueInfos.dims(input);
        if (dims.size() != 4 || !(dims.get(1) instanceof Long c) || !(dims.get(2) instanceof Long h)
                || !(dims.get(3) instanceof Long w)) {
            throw new GraphStructureException("input '" + embeddingsInput + "' is declared " + dims
                    + "; deriving PerSAM's inputs needs fixed [1, C, h, w]");
        }
        return new long[]{c, h, w};
    }

    /** The default name of the embeddings input in sam-onnx exports. */
    public static Result derive(OnnxMl.ModelProto stock) {
        return derive(stock, IMAGE_EMBEDDINGS);
    }
}

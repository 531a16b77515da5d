package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.List;

/**
 * The test oracle for {@link PerSamDecoderDerivation}: Personalize-SAM's edit placed by the authors' module names,
 * which the PyTorch exporters keep as node-name scopes ({@code …/transformer/layers.1/cross_attn_token_to_image/Softmax}),
 * instead of by graph structure. It reads like Personalize-SAM's {@code TwoWayTransformer.forward}:
 * <ol>
 *   <li>{@code queries += target_embedding} before block 0, in place on the point embedding (the tokens block 0's
 *       self-attention reads), so every later reader of the point embedding sees it shifted;</li>
 *   <li>before block b ≥ 1, {@code queries += target_embedding} for block b's readers only (block b−1's
 *       image→token attention read the queries before); an expression "queries + point embedding" the exporter
 *       computed once for both blocks gets block b its own copy over the shifted queries;</li>
 *   <li>{@code attn = softmax(softmax(attn) + attn_sim)} in every block's {@code cross_attn_token_to_image};</li>
 *   <li>{@code q += target_embedding} before {@code final_attn_token_to_image}'s q projection.</li>
 * </ol>
 * Checked against the authors' own {@code persam_decoder.onnx} on SAM's decoder, then applied to the EdgeSAM and
 * EfficientSAM exports, whose node names follow the same modules.
 */
final class PerSamEditByModuleNames {
    private PerSamEditByModuleNames() {
    }

    static OnnxMl.ModelProto apply(OnnxMl.ModelProto stock, boolean withTargetEmbedding) {
        OnnxGraphEditor g = new OnnxGraphEditor(stock);
        String prefix = node(g, "/layers.0/self_attn/q_proj/MatMul").getName()
                .replace("/layers.0/self_attn/q_proj/MatMul", "");
        int depth = 0;
        while (find(g, prefix + "/layers." + depth + "/self_attn/q_proj/MatMul") != null) {
            depth++;
        }
        g.addInput(ValueInfos.tensor(PerSamDecoderDerivation.ATTN_SIM, ElementType.FLOAT, List.of(1L, 1L, 1L, 4096L)));
        g.addInput(ValueInfos.tensor(PerSamDecoderDerivation.TARGET_EMBEDDING, ElementType.FLOAT, List.of(1L, 1L, 256L)));
        String te = PerSamDecoderDerivation.TARGET_EMBEDDING;

        if (withTargetEmbedding) {
            String tokens = node(g, prefix + "/layers.0/self_attn/q_proj/MatMul").getInput(0);
            OnnxMl.NodeProto.Builder shifted = g.insert("Add", "oracle/tokens", List.of(tokens, te), List.of());
            for (OnnxMl.NodeProto.Builder c : g.consumers(tokens)) {
                if (c != shifted && !c.getOpType().equals("Shape")) {
                    g.rewire(c, tokens, shifted.getOutput(0));
                }
            }
            String shiftedTokens = shifted.getOutput(0);
            for (int b = 1; b < depth; b++) {
                String previous = prefix + "/layers." + (b - 1) + "/";
                String scope = prefix + "/layers." + b + "/";
                // Block b−1's output queries: what its image→token attention takes as values.
                String queries = node(g, previous + "cross_attn_image_to_token/v_proj/MatMul").getInput(0);
                OnnxMl.NodeProto.Builder q = g.insert("Add", "oracle/block_" + b, List.of(queries, te), List.of());
                for (OnnxMl.NodeProto.Builder c : g.consumers(queries)) {
                    if (c == q) {
                        continue;
                    }
                    if (c.getName().startsWith(scope)) {
                        g.rewire(c, queries, q.getOutput(0));
                    } else if (c.getOpType().equals("Add") && c.getName().startsWith(previous)
                            && c.getInputList().contains(shiftedTokens)) {
                        OnnxMl.NodeProto.Builder copy = g.insert("Add", "oracle/block_" + b + "/query_pe",
                                List.of(q.getOutput(0), shiftedTokens), List.of());
                        for (OnnxMl.NodeProto.Builder reader : g.consumers(c.getOutput(0))) {
                            if (reader.getName().startsWith(scope)) {
                                g.rewire(reader, c.getOutput(0), copy.getOutput(0));
                            }
                        }
                    }
                }
            }
            OnnxMl.NodeProto.Builder finalQ = node(g, prefix + "/final_attn_token_to_image/q_proj/MatMul");
            String x = finalQ.getInput(0);
            OnnxMl.NodeProto.Builder shiftedQ = g.insert("Add", "oracle/final_q", List.of(x, te), List.of());
            g.rewire(finalQ, x, shiftedQ.getOutput(0));
        }

        for (int b = 0; b < depth; b++) {
            OnnxMl.NodeProto.Builder softmax = node(g, prefix + "/layers." + b + "/cross_attn_token_to_image/Softmax");
            String weights = softmax.getOutput(0);
            List<OnnxMl.NodeProto.Builder> readers = g.consumers(weights);
            OnnxMl.NodeProto.Builder add = g.insert("Add", "oracle/attn_sim_" + b,
                    List.of(weights, PerSamDecoderDerivation.ATTN_SIM), List.of());
            OnnxMl.NodeProto.Builder again = g.insert("Softmax", "oracle/softmax_" + b, List.of(add.getOutput(0)),
                    softmax.getAttributeList());
            for (OnnxMl.NodeProto.Builder r : readers) {
                g.rewire(r, weights, again.getOutput(0));
            }
        }
        return g.build();
    }

    private static OnnxMl.NodeProto.Builder node(OnnxGraphEditor g, String nameOrSuffix) {
        OnnxMl.NodeProto.Builder n = find(g, nameOrSuffix);
        if (n == null) {
            n = g.nodes().stream().filter(x -> x.getName().endsWith(nameOrSuffix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no node named …" + nameOrSuffix));
        }
        return n;
    }

    private static OnnxMl.NodeProto.Builder find(OnnxGraphEditor g, String name) {
        return g.nodes().stream().filter(x -> x.getName().equals(name)).findFirst().orElse(null);
    }
}

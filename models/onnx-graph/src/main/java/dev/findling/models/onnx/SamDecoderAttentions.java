package dev.findling.models.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The attention layers of a SAM mask decoder's two-way transformer, found by graph structure alone (node names
 * differ between exporters). Every attention of SAM's {@code Attention} module exports as
 * {@code Softmax(MatMul(heads(q_proj(q)), heads(k_proj(k))ᵀ) / √d)} followed by {@code MatMul(·, heads(v_proj(v)))},
 * where {@code heads} is a Reshape/Transpose chain and each projection a MatMul (plus a bias Add, or a Gemm).
 * Each attention is then told apart by what its q and k projections read:
 * <ul>
 *   <li>self-attention: q and k read the same tensor (the first block's reads the prompt tokens themselves — SAM
 *       skips the query positional encoding there — and so does its value projection);</li>
 *   <li>token→image: q reads "tokens + point embedding" (an Add with the prompt tokens), k does not;</li>
 *   <li>image→token: k reads "tokens + point embedding", q does not.</li>
 * </ul>
 * The token→image attentions form a dependency chain; the last is the transformer's final attention, the others
 * belong to the two-way blocks.
 */
public final class SamDecoderAttentions {
    private static final Set<String> HEAD_RESHAPING = Set.of("Reshape", "Transpose", "Squeeze", "Unsqueeze",
            "Identity", "Cast", "Flatten");
    private static final Set<String> SCALING = Set.of("Div", "Mul");

    /**
     * One attention.
     *
     * @param softmax the Softmax over the keys
     * @param qIn     the tensor the q projection reads
     * @param kIn     the tensor the k projection reads
     * @param vIn     the tensor the v projection reads
     * @param qProjection the node of the q projection that reads {@code qIn}
     * @param output  the node that multiplies the attention weights with the values
     */
    public record Attention(OnnxMl.NodeProto.Builder softmax, String qIn, String kIn, String vIn,
                            OnnxMl.NodeProto.Builder qProjection, OnnxMl.NodeProto.Builder output) {
    }

    /**
     * One two-way block's three attentions, and the transformer's final token→image attention.
     *
     * @param pointEmbedding the prompt tokens entering the transformer (SAM's {@code point_embedding})
     */
    public record Layout(String pointEmbedding, List<Attention> selfAttentions, List<Attention> tokenToImage,
                         List<Attention> imageToToken, Attention finalTokenToImage) {
        public int blocks() {
            return selfAttentions.size();
        }
    }

    private SamDecoderAttentions() {
    }

    /**
     * @throws GraphStructureException when the graph does not have the structure of SAM's two-way transformer
     */
    public static Layout find(OnnxGraphEditor g) {
        List<Attention> all = new ArrayList<>();
        for (OnnxMl.NodeProto.Builder softmax : g.nodesOfType("Softmax")) {
            attention(g, softmax).ifPresent(all::add);
        }
        all.sort(Comparator.comparingInt(a -> g.indexOf(a.softmax())));
        List<Attention> self = all.stream().filter(a -> a.qIn().equals(a.kIn())).toList();
        Attention first = self.stream().filter(a -> a.qIn().equals(a.vIn())).findFirst()
                .orElseThrow(() -> new GraphStructureException("no self-attention reads one tensor for q, k and v "
                        + "(SAM's first two-way block, which skips the query positional encoding); found "
                        + all.size() + " attentions"));
        String tokens = first.qIn();
        List<Attention> t2i = new ArrayList<>();
        List<Attention> i2t = new ArrayList<>();
        for (Attention a : all) {
            if (a.qIn().equals(a.kIn())) {
                continue;
            }
            boolean q = readsTokens(g, a.qIn(), tokens);
            boolean k = readsTokens(g, a.kIn(), tokens);
            if (q && !k) {
                t2i.add(a);
            } else if (k && !q) {
                i2t.add(a);
            } else {
                throw new GraphStructureException("cannot tell the direction of the attention at "
                        + OnnxGraphEditor.describe(a.softmax()) + ": q reads " + a.qIn() + ", k reads " + a.kIn());
            }
        }
        if (t2i.isEmpty()) {
            throw new GraphStructureException("no token→image attention found");
        }
        Attention last = t2i.remove(t2i.size() - 1);
        if (self.size() != t2i.size() || self.size() != i2t.size()) {
            throw new GraphStructureException("a two-way transformer has one self, one token→image and one image→token "
                    + "attention per block, but found " + self.size() + " self, " + t2i.size() + " token→image (besides the "
                    + "final one) and " + i2t.size() + " image→token attentions");
        }
        return new Layout(tokens, self, List.copyOf(t2i), List.copyOf(i2t), last);
    }

    /** The prompt tokens themselves, or "something + prompt tokens" (adding the query positional encoding). */
    private static boolean readsTokens(OnnxGraphEditor g, String tensor, String tokens) {
        if (tensor.equals(tokens)) {
            return true;
        }
        Optional<OnnxMl.NodeProto.Builder> p = g.producer(tensor);
        return p.isPresent() && p.get().getOpType().equals("Add") && p.get().getInputList().contains(tokens);
    }

    private static Optional<Attention> attention(OnnxGraphEditor g, OnnxMl.NodeProto.Builder softmax) {
        Optional<OnnxMl.NodeProto.Builder> scores = g.firstProducerSkipping(softmax.getInput(0),
                n -> SCALING.contains(n.getOpType()) && !isConstant(g, n.getInput(0)));
        if (scores.isEmpty() || !scores.get().getOpType().equals("MatMul")) {
            return Optional.empty();
        }
        Optional<Projection> q = projection(g, scores.get().getInput(0));
        Optional<Projection> k = projection(g, scores.get().getInput(1));
        OnnxMl.NodeProto.Builder out = g.consumers(softmax.getOutput(0)).stream()
                .filter(n -> n.getOpType().equals("MatMul") && n.getInput(0).equals(softmax.getOutput(0)))
                .findFirst().orElse(null);
        if (q.isEmpty() || k.isEmpty() || out == null) {
            return Optional.empty();
        }
        Optional<Projection> v = projection(g, out.getInput(1));
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Attention(softmax, q.get().input(), k.get().input(), v.get().input(), q.get().node(), out));
    }

    private record Projection(String input, OnnxMl.NodeProto.Builder node) {
    }

    /** Up through the head split to a linear projection (MatMul [+ bias Add] or Gemm); what it reads. */
    private static Optional<Projection> projection(OnnxGraphEditor g, String heads) {
        Optional<OnnxMl.NodeProto.Builder> p = g.firstProducerSkipping(heads, n -> HEAD_RESHAPING.contains(n.getOpType()));
        if (p.isEmpty()) {
            return Optional.empty();
        }
        OnnxMl.NodeProto.Builder node = p.get();
        if (node.getOpType().equals("Add")) {
            for (String in : node.getInputList()) {
                Optional<OnnxMl.NodeProto.Builder> m = g.producer(in);
                if (m.isPresent() && m.get().getOpType().equals("MatMul") && isConstant(g, m.get().getInput(1))) {
                    return Optional.of(new Projection(m.get().getInput(0), m.get()));
                }
            }
            return Optional.empty();
        }
        if ((node.getOpType().equals("MatMul") || node.getOpType().equals("Gemm")) && isConstant(g, node.getInput(1))) {
            return Optional.of(new Projection(node.getInput(0), node));
        }
        return Optional.empty();
    }

    private static boolean isConstant(OnnxGraphEditor g, String tensor) {
        if (g.isInitializer(tensor)) {
            return true;
        }
        Optional<OnnxMl.NodeProto.Builder> p = g.producer(tensor);
        return p.isPresent() && p.get().getOpType().equals("Constant");
    }
}

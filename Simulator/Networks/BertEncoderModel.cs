using Onnx;
using Sim.Onnx;
using Sim.Workload;
using static Sim.Onnx.OnnxGraphBuilder;

namespace Sim.Networks;

/// <summary>The shape of a BERT encoder layer: hidden width, attention heads, FFN width and sequence length.</summary>
internal sealed record BertDims(int Hidden, int Heads, int Ffn, int SequenceLength)
{
    /// <summary>BERT-base (Devlin et al. 2019: hidden 768, 12 heads of 64, FFN 3072) at sequence length 128.</summary>
    public static readonly BertDims Base = new(768, 12, 3072, 128);

    public int HeadSize => Hidden / Heads;
}

/// <summary>
/// One post-norm BERT encoder layer as an ONNX graph (opset 20, for Gelu), float32, batch 1, with seeded weights:
/// <code>
/// x [1,S,H] -> Q, K, V = MatMul + Add(bias), each Reshape [1,S,heads,d] and Transpose to heads first
///   -> scores = MatMul(Q, K^T) / sqrt(d) -> Softmax -> MatMul(., V) -> Transpose, Reshape [1,S,H]
///   -> MatMul + Add(bias) -> Add(x) -> LayerNormalization
///   -> MatMul + Add(bias) [1,S,FFN] -> Gelu -> MatMul + Add(bias) -> Add -> LayerNormalization -> ln2 [1,S,H]
/// </code>
/// No attention mask (every token attends to every token) and no dropout (inference). Weights are normal with
/// standard deviation 1/sqrt(fan-in), so every layer's output has about unit variance and the attention scores
/// spread over several units, as in trained models; biases and the LayerNorm's beta are N(0, 0.02²), its gamma
/// 1 + N(0, 0.1²). Each tensor draws from its own stream of <paramref name="seed"/>.
/// </summary>
internal static class BertEncoderModel
{
    public const int Opset = 20;

    public static ModelProto Build(BertDims d, int seed)
    {
        if (d.Hidden % d.Heads != 0) throw new ArgumentException($"hidden {d.Hidden} is not a multiple of {d.Heads} heads", nameof(d));
        var g = new OnnxGraphBuilder("bert_encoder_layer");
        var weights = new SeededWeights(g, seed);
        long s = d.SequenceLength, h = d.Hidden, heads = d.Heads, dh = d.HeadSize;
        g.Input("x", OnnxElementType.Float, 1, s, h);
        g.Output("ln2", OnnxElementType.Float, 1, s, h);

        string perHead = g.Int64s("shape_heads", [1, s, heads, dh], 4);
        string merged = g.Int64s("shape_hidden", [1, s, h], 3);
        string Heads(string name, long[] perm) =>
            g.Node("Transpose", name + "_t", [g.Node("Reshape", name + "_heads", [Dense(g, weights, name, "x", d.Hidden, d.Hidden), perHead])], Ints("perm", perm));

        string q = Heads("q", [0, 2, 1, 3]);
        string kT = Heads("k", [0, 2, 3, 1]);
        string v = Heads("v", [0, 2, 1, 3]);
        string scores = g.Node("MatMul", "scores", [q, kT]);
        string scaled = g.Node("Div", "scores_scaled", [scores, g.Floats("sqrt_head_size", [MathF.Sqrt(d.HeadSize)])]);
        string probs = g.Node("Softmax", "probs", [scaled], Int("axis", -1));
        string context = g.Node("MatMul", "context", [probs, v]);
        string contextT = g.Node("Transpose", "context_t", [context], Ints("perm", 0, 2, 1, 3));
        string attention = Dense(g, weights, "attn_out", g.Node("Reshape", "context_merged", [contextT, merged]), d.Hidden, d.Hidden);
        string norm1 = LayerNorm(g, weights, "ln1", g.Node("Add", "residual1", [attention, "x"]), d.Hidden);
        string up = Dense(g, weights, "ffn_up", norm1, d.Hidden, d.Ffn);
        string down = Dense(g, weights, "ffn_down", g.Node("Gelu", "gelu", [up]), d.Ffn, d.Hidden);
        LayerNorm(g, weights, "ln2", g.Node("Add", "residual2", [down, norm1]), d.Hidden);
        return g.Model(Opset, "sim model bert-encoder",
            $"BERT encoder layer: hidden {d.Hidden}, {d.Heads} heads, FFN {d.Ffn}, sequence length {d.SequenceLength}; seeded weights (seed {seed})");
    }

    /// <summary>x [.., fanIn] times a seeded weight [fanIn, fanOut] plus a seeded bias: MatMul then Add.</summary>
    private static string Dense(OnnxGraphBuilder g, SeededWeights weights, string name, string x, int fanIn, int fanOut)
    {
        string w = weights.Normal(name + "_w", 1 / Math.Sqrt(fanIn), fanIn, fanOut);
        string b = weights.Normal(name + "_b", 0.02, fanOut);
        return g.Node("Add", name, [g.Node("MatMul", name + "_matmul", [x, w]), b]);
    }

    private static string LayerNorm(OnnxGraphBuilder g, SeededWeights weights, string name, string x, int width) =>
        g.Node("LayerNormalization", name, [x, weights.Normal(name + "_gamma", 0.1, [width], mean: 1), weights.Normal(name + "_beta", 0.02, width)],
            Int("axis", -1), Float("epsilon", 1e-12f));
}

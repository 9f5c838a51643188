using Google.Protobuf;
using Onnx;
using Sim.Onnx;

namespace Sim.Networks;

/// <summary>
/// A small float model (opset 20) in which every node runs on the special-function unit, the workload of the LUT sweep
/// (scenarios/sweeps/sfu-tables.yaml): one input x [1, 8, 64], drawn by the scenario's seed (standard normal), read by
/// six nodes side by side, each a graph output:
/// <code>
/// x -> Exp, Sigmoid, Tanh, Gelu (approximate none), Softmax (last axis), LayerNormalization (last axis, seeded scale and bias)
/// </code>
/// The scale and bias come from <see cref="Random"/> with a fixed seed (its seeded sequence is integer arithmetic, the same on
/// every machine) and no transcendental function, so the file is the same bytes wherever it is written; a test holds the
/// committed copy to that.
/// </summary>
internal static class SfuOnnxModel
{
    public const int Opset = 20;
    private const int Rows = 8, Width = 64, Seed = 15;

    public static ModelProto Build()
    {
        var g = new OnnxGraphBuilder("sfu_operators");
        g.Input("x", OnnxElementType.Float, 1, Rows, Width);
        var r = new Random(Seed);
        // Scale in [0.5, 1.5) and bias in [-0.25, 0.25): an affine step that moves every row's output off the unit normal.
        var scale = Enumerable.Range(0, Width).Select(_ => (float)(0.5 + r.NextDouble())).ToArray();
        var bias = Enumerable.Range(0, Width).Select(_ => (float)(0.5 * r.NextDouble() - 0.25)).ToArray();
        g.Floats("ln_scale", scale, Width);
        g.Floats("ln_bias", bias, Width);

        foreach (var op in new[] { "Exp", "Sigmoid", "Tanh", "Gelu" })
            g.Node(op, op.ToLowerInvariant(), ["x"]);
        g.Node("Softmax", "softmax", ["x"], OnnxGraphBuilder.Int("axis", -1));
        g.Node("LayerNormalization", "layernorm", ["x", "ln_scale", "ln_bias"], OnnxGraphBuilder.Int("axis", -1), OnnxGraphBuilder.Float("epsilon", 1e-5f));
        foreach (var output in new[] { "exp", "sigmoid", "tanh", "gelu", "softmax", "layernorm" })
            g.Output(output, OnnxElementType.Float, 1, Rows, Width);
        return g.Model(Opset, "sim (Simulator/Networks/SfuOnnxModel.cs)",
            "Every operator the special-function unit runs, on one seeded input: the workload of the LUT sweep");
    }

    public static byte[] Bytes() => Build().ToByteArray();
}

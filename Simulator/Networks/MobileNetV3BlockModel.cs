using Onnx;
using Sim.Onnx;
using static Sim.Onnx.OnnxGraphBuilder;

namespace Sim.Networks;

/// <summary>The shape of a MobileNetV3 bottleneck: channels in and out, expanded channels, squeeze channels, map size, depthwise kernel.</summary>
internal sealed record MobileNetV3BlockDims(int Channels, int Expanded, int Squeeze, int Size, int Kernel)
{
    /// <summary>MobileNetV3-Large's 14x14 bottleneck of 112 channels expanded to 672, 3x3, with squeeze-and-excitation to 168 (Howard et al. 2019, table 1).</summary>
    public static readonly MobileNetV3BlockDims Large14 = new(112, 672, 168, 14, 3);
}

/// <summary>
/// A MobileNetV3 bottleneck with HardSwish and squeeze-and-excitation as an ONNX graph (opset 20), float32, batch 1,
/// seeded weights, batch normalisation already folded into each convolution's bias:
/// <code>
/// x [1,C,S,S] -> Conv 1x1 to E -> HardSwish -> depthwise Conv kxk (pad k/2) -> HardSwish = h
///   -> GlobalAveragePool -> Conv 1x1 to Q -> Relu -> Conv 1x1 to E -> Sigmoid -> Mul(h, .)
///   -> Conv 1x1 to C -> Add(x) -> y [1,C,S,S]
/// </code>
/// The excitation gate is the logistic sigmoid (the SFU's table), as in squeeze-and-excitation's original form;
/// MobileNetV3 itself uses the hard sigmoid there. Weights are normal with standard deviation sqrt(2 / fan-in)
/// (He), biases N(0, 0.1²), so activations keep about unit scale through the block.
/// </summary>
internal static class MobileNetV3BlockModel
{
    public const int Opset = 20;

    public static ModelProto Build(MobileNetV3BlockDims d, int seed)
    {
        var g = new OnnxGraphBuilder("mobilenetv3_block");
        var weights = new SeededWeights(g, seed);
        g.Input("x", OnnxElementType.Float, 1, d.Channels, d.Size, d.Size);
        g.Output("y", OnnxElementType.Float, 1, d.Channels, d.Size, d.Size);

        string expand = g.Node("HardSwish", "expand_hswish", [Conv(g, weights, "expand", "x", d.Channels, d.Expanded, 1, 1)]);
        string h = g.Node("HardSwish", "dw_hswish", [Conv(g, weights, "dw", expand, d.Expanded, d.Expanded, d.Kernel, d.Expanded)]);
        string squeezed = g.Node("GlobalAveragePool", "se_pool", [h]);
        string reduce = g.Node("Relu", "se_relu", [Conv(g, weights, "se_reduce", squeezed, d.Expanded, d.Squeeze, 1, 1)]);
        string gate = g.Node("Sigmoid", "se_gate", [Conv(g, weights, "se_expand", reduce, d.Squeeze, d.Expanded, 1, 1)]);
        string excited = g.Node("Mul", "se_scale", [h, gate]);
        g.Node("Add", "y", [Conv(g, weights, "project", excited, d.Expanded, d.Channels, 1, 1), "x"]);
        return g.Model(Opset, "sim model mobilenetv3-block",
            $"MobileNetV3 bottleneck: {d.Channels} channels at {d.Size}x{d.Size}, expanded to {d.Expanded}, {d.Kernel}x{d.Kernel} depthwise, " +
            $"squeeze-and-excitation to {d.Squeeze}; seeded weights (seed {seed})");
    }

    /// <summary>A convolution with a seeded weight and bias; <paramref name="groups"/> = channels makes it depthwise.</summary>
    private static string Conv(OnnxGraphBuilder g, SeededWeights weights, string name, string x, int inChannels, int outChannels, int kernel, int groups)
    {
        int perGroup = inChannels / groups;
        string w = weights.Normal(name + "_w", Math.Sqrt(2.0 / (perGroup * kernel * kernel)), outChannels, perGroup, kernel, kernel);
        string b = weights.Normal(name + "_b", 0.1, outChannels);
        long pad = kernel / 2;
        return g.Node("Conv", name, [x, w, b], Ints("kernel_shape", kernel, kernel), Ints("pads", pad, pad, pad, pad), Int("group", groups));
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Sim.Onnx;

namespace Sim.Networks;

/// <summary>
/// Writes the quantised CNN as an ONNX model (opset 17) of standard QLinear operators, so that ONNX
/// Runtime runs the same integer model as the golden model and the accelerator:
/// <code>
/// image float [N,1,28,28] -> QuantizeLinear (int8, scale 1/127)
///   -> QLinearConv conv1 -> Relu -> MaxPool 2x2 -> QLinearConv conv2 -> Relu -> MaxPool 2x2
///   -> QLinearConv fc1 (kernel 5x5 = the whole map) -> Relu -> QLinearConv fc2 (1x1)
///   -> DequantizeLinear -> Flatten -> logits float [N,10]
/// </code>
/// Activations are int8 with zero point 0, weights int8 with one scale per output channel (zero points 0),
/// biases int32. The fully-connected layers are QLinearConv because QLinearMatMul has no bias input and
/// QLinearConv takes per-channel weight scales and an int32 bias; ONNX Runtime's CPU kernels run
/// int8 x int8 QLinearConv, int8 Relu and int8 MaxPool.
/// </summary>
internal static class CnnOnnxModel
{
    public const int Opset = 17;

    public static ModelProto Build(QuantizedCnn q)
    {
        var g = new OnnxGraphBuilder("fashion_mnist_small_cnn_int8");
        g.Input("image", OnnxElementType.Float, -1, 1, QuantizedCnn.ImageSize, QuantizedCnn.ImageSize);
        g.Output("logits", OnnxElementType.Float, -1, Training.SmallCnn.Classes);

        g.Floats("input_scale", [q.InputScale]);
        g.Initializer("zero_int8", OnnxElementType.Int8, [0]);
        g.Node("QuantizeLinear", "quantize", "x_q", ["image", "input_scale", "zero_int8"]);

        string x = "x_q";
        x = Conv(g, q.Conv1, x, "input_scale");
        x = g.Node("Relu", "relu1", [x]);
        x = Pool(g, "pool1", x);
        x = Conv(g, q.Conv2, x, "conv1_y_scale");
        x = g.Node("Relu", "relu2", [x]);
        x = Pool(g, "pool2", x);
        x = Conv(g, q.Fc1, x, "conv2_y_scale");
        x = g.Node("Relu", "relu3", [x]);
        x = Conv(g, q.Fc2, x, "fc1_y_scale");
        x = g.Node("DequantizeLinear", "dequantize", "logits_4d", [x, "fc2_y_scale", "zero_int8"]);
        g.Node("Flatten", "flatten", "logits", [x], OnnxGraphBuilder.Int("axis", 1));
        return g.Model(Opset, "sim train fashion-mnist",
            $"Small CNN trained on Fashion-MNIST, int8 per-channel weights, activations calibrated by max over {q.CalibrationImages} training images");
    }

    public static void Save(QuantizedCnn q, string path) => File.WriteAllBytes(path, Build(q).ToByteArray());

    /// <summary>A QLinearConv; the layer's output scale becomes the initializer NAME_y_scale for the next layer.</summary>
    private static string Conv(OnnxGraphBuilder g, QuantizedLayer l, string x, string xScale)
    {
        string n = l.Name;
        g.Initializer($"{n}_w", OnnxElementType.Int8, MemoryMarshal.AsBytes(l.Weights.AsSpan()), l.OutChannels, l.InChannels, l.KernelH, l.KernelW);
        g.Floats($"{n}_w_scale", l.WeightScales, l.OutChannels);
        g.Initializer($"{n}_w_zero", OnnxElementType.Int8, new byte[l.OutChannels], l.OutChannels);
        g.Floats($"{n}_y_scale", [l.OutputScale]);
        g.Initializer($"{n}_bias", OnnxElementType.Int32, MemoryMarshal.AsBytes(l.Bias.AsSpan()), l.OutChannels);
        return g.Node("QLinearConv", n, [x, xScale, "zero_int8", $"{n}_w", $"{n}_w_scale", $"{n}_w_zero", $"{n}_y_scale", "zero_int8", $"{n}_bias"],
            OnnxGraphBuilder.Ints("kernel_shape", l.KernelH, l.KernelW));
    }

    private static string Pool(OnnxGraphBuilder g, string name, string x) =>
        g.Node("MaxPool", name, [x], OnnxGraphBuilder.Ints("kernel_shape", 2, 2), OnnxGraphBuilder.Ints("strides", 2, 2));
}

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
        var g = new GraphProto { Name = "fashion_mnist_small_cnn_int8" };
        g.Input.Add(OnnxGraphWriter.ValueInfo("image", OnnxElementType.Float, "N", 1, QuantizedCnn.ImageSize, QuantizedCnn.ImageSize));
        g.Output.Add(OnnxGraphWriter.ValueInfo("logits", OnnxElementType.Float, "N", Training.SmallCnn.Classes));

        Scalar(g, "input_scale", q.InputScale);
        Int8Scalar(g, "zero_int8", 0);
        Node(g, "QuantizeLinear", "quantize", ["image", "input_scale", "zero_int8"], "x_q");

        string x = "x_q";
        x = Conv(g, q.Conv1, x, "input_scale");
        x = Node(g, "Relu", "relu1", [x], "relu1");
        x = Pool(g, "pool1", x);
        x = Conv(g, q.Conv2, x, "conv1_y_scale");
        x = Node(g, "Relu", "relu2", [x], "relu2");
        x = Pool(g, "pool2", x);
        x = Conv(g, q.Fc1, x, "conv2_y_scale");
        x = Node(g, "Relu", "relu3", [x], "relu3");
        x = Conv(g, q.Fc2, x, "fc1_y_scale");
        x = Node(g, "DequantizeLinear", "dequantize", [x, "fc2_y_scale", "zero_int8"], "logits_4d");
        g.AddNode("Flatten", "flatten", [x], "logits").Attribute.Add(OnnxGraphWriter.Int("axis", 1));

        var model = new ModelProto
        {
            IrVersion = 8, ProducerName = "sim train fashion-mnist", ProducerVersion = "1", Graph = g,
            DocString = $"Small CNN trained on Fashion-MNIST, int8 per-channel weights, activations calibrated by max over {q.CalibrationImages} training images",
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    public static void Save(QuantizedCnn q, string path) => File.WriteAllBytes(path, Build(q).ToByteArray());

    /// <summary>A QLinearConv; the layer's output scale becomes the initializer NAME_y_scale for the next layer.</summary>
    private static string Conv(GraphProto g, QuantizedLayer l, string x, string xScale)
    {
        string n = l.Name;
        g.AddInitializer($"{n}_w", OnnxElementType.Int8, MemoryMarshal.AsBytes(l.Weights.AsSpan()), l.OutChannels, l.InChannels, l.KernelH, l.KernelW);
        g.AddInitializer($"{n}_w_scale", OnnxElementType.Float, MemoryMarshal.AsBytes(l.WeightScales.AsSpan()), l.OutChannels);
        g.AddInitializer($"{n}_w_zero", OnnxElementType.Int8, new byte[l.OutChannels], l.OutChannels);
        Scalar(g, $"{n}_y_scale", l.OutputScale);
        g.AddInitializer($"{n}_bias", OnnxElementType.Int32, MemoryMarshal.AsBytes(l.Bias.AsSpan()), l.OutChannels);
        g.AddNode("QLinearConv", n, [x, xScale, "zero_int8", $"{n}_w", $"{n}_w_scale", $"{n}_w_zero", $"{n}_y_scale", "zero_int8", $"{n}_bias"], n)
            .Attribute.Add(OnnxGraphWriter.Ints("kernel_shape", l.KernelH, l.KernelW));
        return n;
    }

    private static string Pool(GraphProto g, string name, string x)
    {
        g.AddNode("MaxPool", name, [x], name).Attribute.Add([OnnxGraphWriter.Ints("kernel_shape", 2, 2), OnnxGraphWriter.Ints("strides", 2, 2)]);
        return name;
    }

    private static string Node(GraphProto g, string op, string name, string[] inputs, string output) =>
        g.AddNode(op, name, inputs, output).Output[0];

    private static void Scalar(GraphProto g, string name, float value) =>
        g.AddInitializer(name, OnnxElementType.Float, BitConverter.GetBytes(value));

    private static void Int8Scalar(GraphProto g, string name, sbyte value) =>
        g.AddInitializer(name, OnnxElementType.Int8, [unchecked((byte)value)]);
}

using Sim.Config;

namespace Sim.Operators;

/// <summary>
/// The ONNX operators the graph runner runs (default domain only), and which unit runs each: the
/// PE array (convolutions and matrix products, float and quantised) or the vector unit (everything
/// else). Constant nodes become initializers at import; BatchNormalization after a Conv is folded into it.
/// </summary>
internal static class SupportedOperators
{
    public static readonly IReadOnlyList<string> PeArray =
        ["Conv", "Gemm", "MatMul", "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger"];

    public static readonly IReadOnlyList<string> Vector =
    [
        "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "Add", "Concat", "Flatten", "Reshape",
        "Transpose", "Softmax", "BatchNormalization", "QuantizeLinear", "DequantizeLinear",
    ];

    /// <summary>Handled at import, never run: Constant becomes an initializer.</summary>
    public const string Constant = "Constant";

    public static bool IsSupported(string opType) => PeArray.Contains(opType) || Vector.Contains(opType) || opType == Constant;

    public static bool OnPeArray(string opType) => PeArray.Contains(opType);

    /// <summary>Refuses a node whose operator (or domain) is not supported, naming the node and the operator.</summary>
    public static void Check(global::Onnx.NodeProto node, string nodeName)
    {
        if (node.Domain is not ("" or "ai.onnx"))
            throw new InputError($"node '{nodeName}': operator {node.Domain}.{node.OpType} is not supported (only the default ONNX domain is)");
        if (!IsSupported(node.OpType))
            throw new InputError($"node '{nodeName}': operator {node.OpType} is not supported; supported operators: " +
                                 string.Join(", ", PeArray.Concat(Vector).Append(Constant)));
    }
}

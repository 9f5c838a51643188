using Onnx;

namespace Sim.Graph;

/// <summary>
/// One node of an imported graph: a unique name (the node's own, or its operator and position), the
/// operator, the names of its inputs (an empty name is an omitted optional input) and outputs, and the
/// ONNX node for its attributes.
/// </summary>
internal sealed record GraphNode(string Name, string OpType, string[] Inputs, string[] Outputs, NodeProto Proto)
{
    /// <summary>The input at <paramref name="i"/>, or null when absent or omitted.</summary>
    public string? Input(int i) => i < Inputs.Length && Inputs[i].Length > 0 ? Inputs[i] : null;

    public string Output => Outputs[0];

    /// <summary>"name (Op)" for messages.</summary>
    public string Describe => Name == OpType ? OpType : $"{Name} ({OpType})";
}

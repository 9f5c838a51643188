using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// The ONNX facet of an operator: the op types (default domain) it imports, its shape inference (run at
/// import, before any data, so that a model that cannot run is refused whole), and its lowering of a node to
/// a unit's work over the values of the node's inputs, checked against the golden model on those inputs.
/// </summary>
internal interface IOnnxOperator : IOperator
{
    IReadOnlyList<string> OpTypes { get; }

    /// <summary>The node's output type and shape; a problem with its inputs or attributes is an <see cref="Config.InputError"/> naming the node.</summary>
    ValueShape InferShape(NodeShapes node);

    /// <summary>The node on its unit: its output value and its work. <paramref name="input"/> gives input i's value, or null where the node omits it.</summary>
    NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input);

    /// <summary>
    /// Refuses, naming the node, hardware that cannot run it (an SFU table it needs): checked when a model meets its
    /// hardware, before anything runs. Most operators run on any hardware.
    /// </summary>
    void RequireHardware(Config.HardwareConfig hw, GraphNode node) { }
}

using Sim.Graph;
using Sim.Onnx;
using Sim.Sfu;

namespace Sim.Operators;

/// <summary>
/// ONNX's Gelu (opset 20) on the special-function unit's gelu table (<see cref="GeluKernel"/>): x Phi(x), or with
/// approximate = "tanh" the table loaded with that form.
/// </summary>
internal sealed class GeluOperator() : SfuOperator(SfuFunction.Gelu)
{
    public override IReadOnlyList<string> OpTypes => ["Gelu"];

    protected override bool TanhForm(GraphNode node) => NodeAttributes.GetString(node.Proto, "approximate", "none") switch
    {
        "none" => false,
        "tanh" => true,
        var other => throw NodeShapes.Error(node, $"Gelu's approximate must be \"none\" or \"tanh\", got \"{other}\""),
    };
}

using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// QLinearMatMul on the PE array (<see cref="IntegerOnPe"/>): per-tensor scales and zero points; the output
/// stage requantises by a_scale x b_scale / y_scale to y's type.
/// </summary>
internal sealed class QLinearMatMulOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["QLinearMatMul"];

    public ValueShape InferShape(NodeShapes s) =>
        new(s.Quantised(s.Input(7), "y_zero_point").Type,
            MatMulGeometry.Of(s.Node, s.Quantised(s.Input(0), "a").Shape, s.Quantised(s.Input(3), "b").Shape).OutputShape);

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        string d = node.Describe;
        var a = input(0)!.Ints;
        float aS = PerAxis.Scale(node, "a_scale", input(1)!.ScalarFloat($"node '{d}' a_scale"));
        int aZ = input(2)!.ScalarInt($"node '{d}' a_zero_point");
        var b = input(3)!.Ints;
        float bS = PerAxis.Scale(node, "b_scale", input(4)!.ScalarFloat($"node '{d}' b_scale (per-column scales are not supported)"));
        int bZ = input(5)!.ScalarInt($"node '{d}' b_zero_point");
        float yS = PerAxis.Scale(node, "y_scale", input(6)!.ScalarFloat($"node '{d}' y_scale"));
        var yValue = input(7)!;
        int yZ = yValue.ScalarInt($"node '{d}' y_zero_point");
        var type = yValue.Type;
        var golden = Task.Run(() => Ops.QLinearMatMul(a, aS, aZ, b, bS, bZ, yS, yZ, GraphValue.Quantized(type)));
        var g = MatMulGeometry.Of(node, a.Shape, b.Shape);
        var channels = new ChannelRequantization(Enumerable.Repeat(Ops.RequantizeMultiplier(aS, bS, yS), g.Groups * g.N).ToArray(), new int[g.Groups * g.N]);
        return IntegerOnPe.MatMul(ctx, node, a, aZ, b, bZ, type, channels, yZ, golden);
    }
}

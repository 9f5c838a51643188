using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// QLinearMatMul on the PE array (<see cref="IntegerOnPe"/>): a's and y's scales and zero points per tensor, b's per
/// tensor or per column (b_scale, b_zero_point [N], or [..., 1, N] per matrix of a batched b); the output stage
/// requantises each output column by a_scale x b_scale[column] / y_scale to y's type.
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
        var g = MatMulGeometry.Of(node, a.Shape, b.Shape);
        float[] bS = PerAxis.Scales(node, "b_scale", g.PerColumn(node, input(4)!, "b_scale", v => v.Floats.Data));
        int[] bZ = g.PerColumn(node, input(5)!, "b_zero_point", v => v.Ints.Data);
        float yS = PerAxis.Scale(node, "y_scale", input(6)!.ScalarFloat($"node '{d}' y_scale"));
        var yValue = input(7)!;
        int yZ = yValue.ScalarInt($"node '{d}' y_zero_point");
        var type = yValue.Type;
        var golden = Task.Run(() => Ops.QLinearMatMul(a, aS, aZ, b, bS, bZ, yS, yZ, GraphValue.Quantized(type)));
        // One channel per output column of each GEMM: group-major, as the output stage numbers them.
        var channels = new ChannelRequantization(
            Enumerable.Range(0, g.Groups * g.N).Select(c => Ops.RequantizeMultiplier(aS, bS[g.ColumnOfGroup(bS.Length, c / g.N, c % g.N)], yS)).ToArray(),
            new int[g.Groups * g.N]);
        return IntegerOnPe.MatMul(ctx, node, a, aZ, b, bZ, type, channels, yZ, golden);
    }
}

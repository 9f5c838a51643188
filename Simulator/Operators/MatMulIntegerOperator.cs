using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// MatMulInteger on the PE array (<see cref="IntegerOnPe"/>): A's zero point per tensor, B's per tensor or per column;
/// the output stage passes the int32 sums through.
/// </summary>
internal sealed class MatMulIntegerOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["MatMulInteger"];

    public ValueShape InferShape(NodeShapes s) =>
        new(GraphElementType.Int32, MatMulGeometry.Of(s.Node, s.Quantised(s.Input(0), "A").Shape, s.Quantised(s.Input(1), "B").Shape).OutputShape);

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var a = input(0)!.Ints;
        var b = input(1)!.Ints;
        int aZ = input(2)?.ScalarInt($"node '{node.Describe}' a_zero_point (per-row zero points are not supported)") ?? 0;
        int[] bZ = input(3) is { } z ? MatMulGeometry.Of(node, a.Shape, b.Shape).PerColumn(node, z, "b_zero_point", v => v.Ints.Data) : [0];
        var golden = Task.Run(() => Ops.MatMulInteger(a, aZ, b, bZ));
        return IntegerOnPe.MatMul(ctx, node, a, aZ, b, bZ, GraphElementType.Int32, null, 0, golden);
    }
}

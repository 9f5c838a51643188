using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// Float MatMul (<see cref="FloatProduct"/>), its batch dimensions broadcast as the quantised matrix products
/// (<see cref="MatMulGeometry"/>).
/// </summary>
internal sealed class MatMulOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["MatMul"];

    public ValueShape InferShape(NodeShapes s) =>
        new(GraphElementType.Float, MatMulGeometry.Of(s.Node,
            s.Expect(s.Input(0), GraphElementType.Float, "A").Shape, s.Expect(s.Input(1), GraphElementType.Float, "B").Shape).OutputShape);

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var a = input(0)!.Floats;
        var b = input(1)!.Floats;
        var g = MatMulGeometry.Of(node, a.Shape, b.Shape);
        var reference = Task.Run(() => Ops.MatMul(a, b));
        return FloatProduct.Run(ctx, g.M, g.K, g.N, g.Groups, g.A(a), g.B(b), g.OutputShape, y => y, reference, 1, _ => 0);
    }
}

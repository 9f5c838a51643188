using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>Flatten: a view (<see cref="VectorNodeWork.View"/>) as 2-D, the dimensions before axis times those from it.</summary>
internal sealed class FlattenOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Flatten"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Input(0);
        return new(x.Type, Shape(s.Node, x.Shape));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        return VectorNodeWork.View(ctx, x, Shape(node, x.Shape));
    }

    private static int[] Shape(GraphNode node, int[] x)
    {
        int axis = NodeShapes.Axis(node, NodeAttributes.GetInt(node.Proto, "axis", 1), x.Length, required: false, allowRank: true);
        return [x[..axis].Aggregate(1, (q, d) => q * d), x[axis..].Aggregate(1, (q, d) => q * d)];
    }
}

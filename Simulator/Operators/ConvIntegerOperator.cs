using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>ConvInteger on the PE array (<see cref="IntegerOnPe"/>): the output stage passes the int32 sums through.</summary>
internal sealed class ConvIntegerOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["ConvInteger"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Quantised(s.Input(0), "x");
        var w = s.Quantised(s.Input(1), "w");
        return new(GraphElementType.Int32, ConvOperator.OutputShape(x.Shape, w.Shape, WindowAttributes.Conv(s.Node, x.Shape, w.Shape)));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!.Ints;
        var w = input(1)!.Ints;
        int xz = input(2)?.ScalarInt($"node '{node.Describe}' x_zero_point") ?? 0;
        var wz = input(3) is { } z ? IntegerOnPe.PerChannel(node, z, w.Shape[0], "w_zero_point", v => v.Ints.Data) : [0];
        var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
        var golden = Task.Run(() => Ops.ConvInteger(x, xz, w, wz, a));
        return IntegerOnPe.Conv(ctx, x, xz, w, wz, a, GraphElementType.Int32, null, 0, golden);
    }
}

using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// QLinearConv on the PE array (<see cref="IntegerOnPe"/>): the output stage adds the int32 bias and requantises
/// each output channel by x_scale x w_scale[c] / y_scale to y's type.
/// </summary>
internal sealed class QLinearConvOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["QLinearConv"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Quantised(s.Input(0), "x");
        var w = s.Quantised(s.Input(3), "w");
        var a = WindowAttributes.Conv(s.Node, x.Shape, w.Shape);
        return new(s.Quantised(s.Input(7), "y_zero_point").Type, ConvOperator.OutputShape(x.Shape, w.Shape, a));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        float xs = PerAxis.Scale(node, "x_scale", input(1)!.ScalarFloat($"node '{node.Describe}' x_scale"));
        int xz = input(2)!.ScalarInt($"node '{node.Describe}' x_zero_point");
        var w = input(3)!.Ints;
        var ws = PerAxis.Scales(node, "w_scale", IntegerOnPe.PerChannel(node, input(4)!, w.Shape[0], "w_scale", v => v.Floats.Data));
        var wz = IntegerOnPe.PerChannel(node, input(5)!, w.Shape[0], "w_zero_point", v => v.Ints.Data);
        float ys = PerAxis.Scale(node, "y_scale", input(6)!.ScalarFloat($"node '{node.Describe}' y_scale"));
        var yValue = input(7)!;
        int yz = yValue.ScalarInt($"node '{node.Describe}' y_zero_point");
        var bias = input(8)?.Ints;
        var a = WindowAttributes.Conv(node, x.Shape, w.Shape);
        var type = yValue.Type;
        var golden = Task.Run(() => Ops.QLinearConv(x.Ints, xs, xz, w, ws, wz, ys, yz, bias, a, GraphValue.Quantized(type)));
        var multipliers = Enumerable.Range(0, w.Shape[0]).Select(c => Ops.RequantizeMultiplier(xs, ws[ws.Length == 1 ? 0 : c], ys)).ToArray();
        var channels = new ChannelRequantization(multipliers, bias?.Data ?? new int[w.Shape[0]]);
        return IntegerOnPe.Conv(ctx, x.Ints, xz, w, wz, a, type, channels, yz, golden);
    }
}

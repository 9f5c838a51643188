using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>DequantizeLinear on the vector unit, per tensor or per axis (<see cref="PerAxis"/>), to fp32; bit for bit.</summary>
internal sealed class DequantizeLinearOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["DequantizeLinear"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Input(0);
        if (x.Type is not (GraphElementType.Int8 or GraphElementType.UInt8 or GraphElementType.Int32))
            throw s.Error($"x is {x}; expected int8, uint8 or int32");
        return new(GraphElementType.Float, x.Shape);
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var scale = input(1)!.Floats;
        PerAxis.Scales(node, "x_scale", scale.Data);
        var zp = input(2)?.Ints;
        int axis = PerAxis.Axis(node, x, scale.Length);
        var y = VectorKernels.Dequantize(x.Ints, scale.Data, PerAxis.ZeroPoints(zp?.Data ?? [0], scale.Length), axis);
        return VectorNodeWork.Float(ctx, [x], y, Ops.DequantizeLinear(x.Ints, scale, zp, axis), exact: true);
    }
}

using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>QuantizeLinear on the vector unit, per tensor or per axis (<see cref="PerAxis"/>); bit for bit. y is uint8 unless a zero point gives its type.</summary>
internal sealed class QuantizeLinearOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["QuantizeLinear"];

    public ValueShape InferShape(NodeShapes s)
    {
        s.Expect(s.Input(0), GraphElementType.Float, "x");
        var type = s.Optional(2) is { } zp ? s.Quantised(zp, "y_zero_point").Type : GraphElementType.UInt8;
        return new(type, s.Input(0).Shape);
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var scale = input(1)!.Floats;
        PerAxis.Scales(node, "y_scale", scale.Data);
        var zpValue = input(2);
        var type = zpValue?.Type ?? GraphElementType.UInt8;
        var zp = zpValue?.Ints ?? new Tensor<int>([], [0]);
        int axis = PerAxis.Axis(node, x, scale.Length);
        var q = GraphValue.Quantized(type);
        var y = VectorKernels.Quantize(x.Floats, scale.Data, PerAxis.ZeroPoints(zp.Data, scale.Length), axis, q.MinValue(), q.MaxValue());
        return VectorNodeWork.Int(ctx, [x], type, y, Ops.QuantizeLinear(x.Floats, scale, zp, q, axis));
    }
}

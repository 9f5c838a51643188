using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Clip on the vector unit: one pass over its input, Lanes elements a cycle, as a ReLU. Scenario layers
/// <c>clip</c> (int8) and ONNX's Clip (float or integer; bounds as attributes before opset 11, as inputs since).
/// </summary>
internal sealed class ClipOperator : VectorOperator<ClipLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Clip"];

    protected override int[] InputShape(ClipLayer c) => c.Shape;

    protected override VectorPass Pass(VectorUnit vector, ClipLayer c, IReadOnlyList<Tensor<sbyte>> x)
    {
        var values = Array.ConvertAll(x[0].Data, v => (short)v);
        Int8Elementwise.Clip(values, c.Min, c.Max);
        return new(new Tensor<sbyte>(x[0].Shape, Array.ConvertAll(values, v => (sbyte)v)), vector.ReluSteps(x[0].Length), x[0].Length, x[0].Length);
    }

    protected override Tensor<sbyte> Golden(ClipLayer c, IReadOnlyList<Tensor<sbyte>> x) => GoldenReference.Clip(x[0], c.Min, c.Max);

    public ValueShape InferShape(NodeShapes s) => s.Elementwise();

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        if (x.IsFloat)
        {
            float lo = Bound(ctx, node, input, 1, "min", float.NegativeInfinity), hi = Bound(ctx, node, input, 2, "max", float.PositiveInfinity);
            return VectorNodeWork.Float(ctx, [x], VectorKernels.Clip(x.Floats, lo, hi), Ops.Clip(x.Floats, lo, hi), exact: true);
        }
        int ilo = input(1)?.ScalarInt($"node '{node.Describe}' min") ?? int.MinValue, ihi = input(2)?.ScalarInt($"node '{node.Describe}' max") ?? int.MaxValue;
        return VectorNodeWork.Int(ctx, [x], x.Type, VectorKernels.Clip(x.Ints, ilo, ihi), Ops.Clip(x.Ints, ilo, ihi));
    }

    /// <summary>A float bound: the attribute before opset 11, else the optional input; absent, no bound.</summary>
    private static float Bound(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input, int index, string attribute, float fallback)
    {
        if (ctx.Opset > 0 && ctx.Opset < 11) return NodeAttributes.GetFloat(node.Proto, attribute, fallback);
        return input(index)?.ScalarFloat($"node '{node.Describe}' {attribute}") ?? fallback;
    }
}

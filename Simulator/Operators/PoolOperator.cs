using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Max and average pooling on the vector unit: kh x kw reads an output, a slice of channel planes a step.
/// Scenario layers <c>maxpool</c> and <c>avgpool</c> (int8), and ONNX's MaxPool (float, int8, uint8; exact) and
/// AveragePool (float; within 2 ulp + window x u of the mean magnitude, <see cref="FloatTolerance.Average"/>).
/// </summary>
internal sealed class PoolOperator : VectorOperator<PoolLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["MaxPool", "AveragePool"];

    protected override int[] InputShape(PoolLayer p) => [p.Batch, p.Channels, p.InHeight, p.InWidth];

    protected override VectorPass Pass(VectorUnit vector, PoolLayer p, IReadOnlyList<Tensor<sbyte>> x)
    {
        var y = VectorUnit.Pool(p, x[0]);
        return new(y, vector.PoolSteps(p), x[0].Length, (long)y.Length * p.KernelH * p.KernelW);
    }

    protected override Tensor<sbyte> Golden(PoolLayer p, IReadOnlyList<Tensor<sbyte>> x) => GoldenReference.Pool(p, x[0]);

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Input(0);
        if (s.Node.OpType == "AveragePool") s.Expect(x, GraphElementType.Float, "X");
        else if (x.Type is GraphElementType.Int32 or GraphElementType.Int64) throw s.Error($"X is {x}; expected float, int8 or uint8");
        var a = WindowAttributes.Pool(s.Node, x.Shape);
        return new(x.Type, [x.Shape[0], x.Shape[1], a.OutputHeight(x.Shape[2]), a.OutputWidth(x.Shape[3])]);
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var a = WindowAttributes.Pool(node, x.Shape);
        bool max = node.OpType == "MaxPool";
        int oh = a.OutputHeight(x.Shape[2]), ow = a.OutputWidth(x.Shape[3]);
        var steps = ctx.Vector.PlaneSteps((long)x.Shape[0] * x.Shape[1], (long)x.Shape[2] * x.Shape[3] * GraphValue.ElementBytes(x.Type),
            (long)oh * ow * a.KernelH * a.KernelW, (long)oh * ow * GraphValue.ElementBytes(x.Type));
        long reads = (long)x.Shape[0] * x.Shape[1] * oh * ow * a.KernelH * a.KernelW;
        if (!x.IsFloat)
            return VectorNodeWork.Int(ctx, [x], x.Type, VectorKernels.MaxPool(x.Ints, a), Ops.MaxPool(x.Ints, a), steps, reads);
        var y = VectorKernels.Pool(x.Floats, a, max);
        if (max) return VectorNodeWork.Float(ctx, [x], y, Ops.MaxPool(x.Floats, a), exact: true, steps, reads);
        var magnitude = Ops.AveragePool(FloatCheck.Magnitudes(x.Floats), a);
        int window = a.KernelH * a.KernelW;
        return VectorNodeWork.Float(ctx, [x], y, Ops.AveragePool(x.Floats, a), exact: false, steps, reads,
            i => FloatTolerance.Average(window, magnitude.Data[i]));
    }
}

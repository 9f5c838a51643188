using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;
using Sim.Numerics;
using Sim.Onnx;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Softmax. On hardware whose special-function unit holds exp and reciprocal, as that hardware runs it
/// (<see cref="SfuSoftmax"/>), bit for bit with its golden model (<see cref="Ops.SoftmaxOnSfu"/>), its error columns
/// against float64 as every SFU row's. Otherwise on the vector unit in fp32 (exponentials within 1 ulp): three reads per
/// element (max, exponentials and sum, divide); within |x - max| + the row's mean |x - max| weighted by the softmax + axis
/// length + 6 ulp of the float64 golden value (<see cref="SoftmaxTolerance"/>).
/// </summary>
internal sealed class SoftmaxOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Softmax"];

    public ValueShape InferShape(NodeShapes s) => s.Expect(s.Input(0), GraphElementType.Float, "X");

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var p = node.Proto;
        int axis;
        var xf = x.Floats;
        if (ctx.Opset >= 13)
            axis = NodeShapes.Axis(node, NodeAttributes.GetInt(p, "axis", -1), x.Shape.Length, required: false);
        else
        {
            // Before opset 13: the input coerced to 2-D at axis (default 1), softmax over the second dimension.
            int a = NodeShapes.Axis(node, NodeAttributes.GetInt(p, "axis", 1), x.Shape.Length, required: false, allowRank: true);
            xf = new Tensor<float>([x.Shape[..a].Aggregate(1, (q, d) => q * d), x.Shape[a..].Aggregate(1, (q, d) => q * d)], xf.Data);
            axis = 1;
        }
        if (ctx.Hw.Sfu is { } sfu && sfu.Functions.Contains(SfuFunction.Exp) && sfu.Functions.Contains(SfuFunction.Reciprocal))
            return OnSfu(ctx, sfu, xf, axis, x.Shape);
        var y = VectorKernels.Softmax(xf, axis);
        var golden = Ops.Softmax(xf, axis);
        var steps = ctx.Vector.ElementwiseSteps(x.Length, ctx.FloatBytes, 3, (long)x.Length * ctx.FloatBytes);
        return VectorNodeWork.Float(ctx, [x], new Tensor<float>(x.Shape, y.Data), new Tensor<float>(x.Shape, golden.Data), exact: false, steps, 3L * x.Length,
            SoftmaxTolerance.Of(xf, axis, Ops.SoftmaxDouble(xf, axis)));
    }

    private static NodeStep OnSfu(NodeContext ctx, SfuConfig config, Tensor<float> x, int axis, int[] shape)
    {
        var softmax = new SfuSoftmax(new SpecialFunctionUnit(config, ctx.Hw.Scratchpads.Input.CapacityBytes), ctx.Vector);
        var y = softmax.Run(x, axis);
        var golden = Ops.SoftmaxOnSfu(x, axis, config);
        var reference = Ops.SoftmaxDouble(x, axis);
        var (asShape, goldenAsShape, referenceAsShape) =
            (new Tensor<float>(shape, y.Data), new Tensor<float>(shape, golden.Data), new Tensor<double>(shape, reference.Data));
        long bytes = (long)x.Length * ctx.FloatBytes;
        var work = UnitWork.OnVectorUnit(ctx.Hw, softmax.Steps(x, axis, ctx.FloatBytes), bytes, bytes, SfuSoftmax.VectorReadsPerElement * (long)x.Length,
            "fp32", ctx.Hw.NumberFormat.Name(), () => FloatCheck.Exact(ctx.Name, goldenAsShape, asShape, referenceAsShape));
        return new NodeStep(GraphValue.Of(asShape), work with { Unit = "sfu", SfuLookups = SfuSoftmax.Lookups(x, axis) });
    }
}

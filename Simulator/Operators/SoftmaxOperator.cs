using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Softmax on the vector unit in fp32: three reads per element (max, exponentials and sum, divide); within
/// (axis length + 8) u relative of the float64 golden value.
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
        var y = VectorKernels.Softmax(xf, axis);
        var golden = Ops.Softmax(xf, axis);
        var steps = ctx.Vector.ElementwiseSteps(x.Length, 4, 3, (long)x.Length * 4);
        return VectorNodeWork.Float(ctx, [x], new Tensor<float>(x.Shape, y.Data), new Tensor<float>(x.Shape, golden.Data), exact: false, steps, 3L * x.Length,
            FloatCheck.Relative(golden, (xf.Shape[axis] + 8)));
    }
}

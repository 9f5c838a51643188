using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;
using Sim.Onnx;

namespace Sim.Operators;

/// <summary>ONNX's HardSigmoid (alpha default 0.2, beta 0.5) on the vector unit: piecewise linear, one pass, bit for bit with the golden model.</summary>
internal sealed class HardSigmoidOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["HardSigmoid"];

    public ValueShape InferShape(NodeShapes s) => s.Expect(s.Input(0), GraphElementType.Float, "X");

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        float alpha = NodeAttributes.GetFloat(node.Proto, "alpha", 0.2f), beta = NodeAttributes.GetFloat(node.Proto, "beta", 0.5f);
        return VectorNodeWork.Float(ctx, [x], VectorKernels.HardSigmoid(x.Floats, alpha, beta), Ops.HardSigmoid(x.Floats, alpha, beta), exact: true);
    }
}

using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>ONNX's HardSwish, x max(0, min(1, x/6 + 1/2)), on the vector unit: piecewise, one pass, bit for bit with the golden model.</summary>
internal sealed class HardSwishOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["HardSwish"];

    public ValueShape InferShape(NodeShapes s) => s.Expect(s.Input(0), GraphElementType.Float, "X");

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        return VectorNodeWork.Float(ctx, [x], VectorKernels.HardSwish(x.Floats), Ops.HardSwish(x.Floats), exact: true);
    }
}

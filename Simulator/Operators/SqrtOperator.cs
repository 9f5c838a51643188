using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// ONNX's Sqrt on the vector unit in fp32: IEEE's square root is correctly rounded, so the unit and the golden model agree
/// bit for bit. One lane operation per element (the unit's root iteration is pipelined: see <see cref="VectorKernels.Sqrt"/>).
/// </summary>
internal sealed class SqrtOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Sqrt"];

    public ValueShape InferShape(NodeShapes s) => s.Expect(s.Input(0), GraphElementType.Float, "X");

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        return VectorNodeWork.Float(ctx, [x], VectorKernels.Sqrt(x.Floats), Ops.Sqrt(x.Floats), exact: true);
    }
}

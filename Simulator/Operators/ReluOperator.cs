using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// ReLU on the vector unit: one pass over its input, Lanes elements a cycle. Scenario layers <c>relu</c> (int8)
/// and ONNX's Relu (float or integer); either may run in the output stage of the PE-array layer before it.
/// </summary>
internal sealed class ReluOperator : LayerOperator<ReluLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Relu"];

    protected override LayerWork Lower(Lowering ctx, ReluLayer r, int index, LayerInputs inputs)
    {
        var x = ctx.Int8Inputs(index, inputs, r.Shape, 1)[0];
        var y = ctx.Phases.Time("fast model", () => VectorUnit.Relu(x));
        return ctx.OnVectorUnit(r.Name, y, ctx.Golden(() => GoldenReference.Relu(x)), ctx.Vector.ReluSteps(x.Length), x.Length, reads: x.Length);
    }

    public ValueShape InferShape(NodeShapes s) => s.Elementwise();

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        return x.IsFloat
            ? VectorNodeWork.Float(ctx, [x], VectorKernels.Relu(x.Floats), Ops.Relu(x.Floats), exact: true)
            : VectorNodeWork.Int(ctx, [x], x.Type, VectorKernels.Relu(x.Ints), Ops.Relu(x.Ints, 0));
    }
}

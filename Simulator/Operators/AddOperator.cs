using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>
/// An add on the vector unit: both operands loaded a chunk at a time, added a lane at a time. Scenario layers
/// <c>add</c> (int8 residuals, saturating; it may run in the output stage of the PE-array layer before it) and
/// ONNX's Add (float or int32, broadcasting).
/// </summary>
internal sealed class AddOperator : LayerOperator<AddLayer>, IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["Add"];

    protected override LayerWork Lower(Lowering ctx, AddLayer a, int index, LayerInputs inputs)
    {
        var operands = ctx.Int8Inputs(index, inputs, a.Shape, 2);
        var (x, z) = (operands[0], operands[1]);
        var y = ctx.Phases.Time("fast model", () => VectorUnit.Add(x, z));
        return ctx.OnVectorUnit(a.Name, y, ctx.Golden(() => GoldenReference.Add(x, z)), ctx.Vector.AddSteps(x.Length), 2L * x.Length, reads: 2L * x.Length);
    }

    public ValueShape InferShape(NodeShapes s)
    {
        var a = s.Input(0);
        var b = s.Input(1);
        if (a.Type != b.Type || a.Type is not (GraphElementType.Float or GraphElementType.Int32))
            throw s.Error($"inputs {a} and {b} must both be float or both int32");
        return new(a.Type, Ops.BroadcastShape(a.Shape, b.Shape));
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        var b = input(1)!;
        return x.IsFloat
            ? VectorNodeWork.Float(ctx, [x, b], VectorKernels.Add(x.Floats, b.Floats), Ops.Add(x.Floats, b.Floats), exact: true)
            : VectorNodeWork.Int(ctx, [x, b], x.Type, VectorKernels.Add(x.Ints, b.Ints), Ops.Add(x.Ints, b.Ints));
    }
}

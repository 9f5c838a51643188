using Sim.Accelerator;
using Sim.Golden;
using Sim.Graph;

namespace Sim.Operators;

/// <summary>GlobalAveragePool on the vector unit: H x W reads an output, a slice of channel planes a step; within 2 ulp + H x W u of the mean magnitude (<see cref="FloatTolerance.Average"/>).</summary>
internal sealed class GlobalAveragePoolOperator : IOnnxOperator
{
    public IReadOnlyList<string> OpTypes => ["GlobalAveragePool"];

    public ValueShape InferShape(NodeShapes s)
    {
        var x = s.Expect(s.Input(0), GraphElementType.Float, "X");
        if (x.Shape.Length != 4) throw s.Error($"X {x} must be 4-D NCHW");
        return new(x.Type, [x.Shape[0], x.Shape[1], 1, 1]);
    }

    public NodeStep Lower(NodeContext ctx, GraphNode node, Func<int, GraphValue?> input)
    {
        var x = input(0)!;
        long plane = (long)x.Shape[2] * x.Shape[3];
        var steps = ctx.Vector.PlaneSteps((long)x.Shape[0] * x.Shape[1], plane * 4, plane, 4);
        var magnitude = Ops.GlobalAveragePool(FloatCheck.Magnitudes(x.Floats));
        return VectorNodeWork.Float(ctx, [x], VectorKernels.GlobalAveragePool(x.Floats), Ops.GlobalAveragePool(x.Floats), exact: false, steps, x.Length,
            i => FloatTolerance.Average(plane, magnitude.Data[i]));
    }
}

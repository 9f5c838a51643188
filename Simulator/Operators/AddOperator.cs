using Sim.Accelerator;
using Sim.Config;

namespace Sim.Operators;

/// <summary>A residual add on the vector unit: both operands loaded a chunk at a time, added a lane at a time.</summary>
internal sealed class AddOperator : LayerOperator<AddLayer>
{
    protected override LayerWork Lower(Lowering ctx, AddLayer a, int index, LayerInputs inputs)
    {
        var operands = ctx.Int8Inputs(index, inputs, a.Shape, 2);
        var (x, z) = (operands[0], operands[1]);
        var y = ctx.Phases.Time("fast model", () => VectorUnit.Add(x, z));
        return ctx.OnVectorUnit(a.Name, y, ctx.Golden(() => GoldenReference.Add(x, z)), ctx.Vector.AddSteps(x.Length), 2L * x.Length, reads: 2L * x.Length);
    }
}

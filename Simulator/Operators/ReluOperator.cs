using Sim.Accelerator;
using Sim.Config;

namespace Sim.Operators;

/// <summary>ReLU on the vector unit: one pass over its input, Lanes elements a cycle.</summary>
internal sealed class ReluOperator : LayerOperator<ReluLayer>
{
    protected override LayerWork Lower(Lowering ctx, ReluLayer r, int index, LayerInputs inputs)
    {
        var x = ctx.Int8Inputs(index, inputs, r.Shape, 1)[0];
        var y = ctx.Phases.Time("fast model", () => VectorUnit.Relu(x));
        return ctx.OnVectorUnit(r.Name, y, ctx.Golden(() => GoldenReference.Relu(x)), ctx.Vector.ReluSteps(x.Length), x.Length, reads: x.Length);
    }
}

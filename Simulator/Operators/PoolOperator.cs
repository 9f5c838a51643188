using Sim.Accelerator;
using Sim.Config;

namespace Sim.Operators;

/// <summary>Max and average pooling on the vector unit: kh x kw reads an output, a slice of channel planes a step.</summary>
internal sealed class PoolOperator : LayerOperator<PoolLayer>
{
    protected override LayerWork Lower(Lowering ctx, PoolLayer p, int index, LayerInputs inputs)
    {
        var x = ctx.Int8Inputs(index, inputs, [p.Batch, p.Channels, p.InHeight, p.InWidth], 1)[0];
        var y = ctx.Phases.Time("fast model", () => VectorUnit.Pool(p, x));
        return ctx.OnVectorUnit(p.Name, y, ctx.Golden(() => GoldenReference.Pool(p, x)), ctx.Vector.PoolSteps(p), x.Length,
            reads: (long)y.Length * p.KernelH * p.KernelW);
    }
}

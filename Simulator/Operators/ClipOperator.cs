using Sim.Accelerator;
using Sim.Config;
using Sim.Golden;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>Clip on the vector unit: one pass over its input, Lanes elements a cycle, as a ReLU.</summary>
internal sealed class ClipOperator : LayerOperator<ClipLayer>
{
    protected override LayerWork Lower(Lowering ctx, ClipLayer c, int index, LayerInputs inputs)
    {
        var x = ctx.Int8Inputs(index, inputs, c.Shape, 1)[0];
        var y = ctx.Phases.Time("fast model", () =>
        {
            var values = Array.ConvertAll(x.Data, v => (short)v);
            Int8Elementwise.Clip(values, c.Min, c.Max);
            return new Tensor<sbyte>(x.Shape, Array.ConvertAll(values, v => (sbyte)v));
        });
        var golden = ctx.Golden(() =>
        {
            var g = Ops.Clip(new Tensor<int>(x.Shape, Array.ConvertAll(x.Data, v => (int)v)), c.Min, c.Max);
            return new Tensor<sbyte>(g.Shape, Array.ConvertAll(g.Data, v => checked((sbyte)v)));
        });
        return ctx.OnVectorUnit(c.Name, y, golden, ctx.Vector.ReluSteps(x.Length), x.Length, reads: x.Length);
    }
}

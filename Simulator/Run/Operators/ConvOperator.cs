using Sim.Accelerator;
using Sim.Config;
using Sim.Mapping;
using Sim.Workload;

namespace Sim.Run;

/// <summary>Convolutions (grouped and depthwise too) on the PE array: one GEMM per group over the im2col rows.</summary>
public sealed class ConvOperator : PeArrayOperator<Conv2DLayer>
{
    public override PeOperands Draw(Lowering ctx, Conv2DLayer c, int index, bool withInput)
    {
        var (x, w) = ctx.Phases.Time("operands", () =>
            LayerTensors.Conv(c, new OperandGenerator(ctx.Scenario.Seed, index), ctx.Scenario.Data, c.FormatOn(ctx.Hw).Operands, withInput));
        return new PeOperands(x, w);
    }

    protected override LayerWork Lower(Lowering ctx, Conv2DLayer c, int index, LayerInputs inputs)
    {
        var f = c.FormatOn(ctx.Hw);
        var (x, w) = Operands(ctx, c, index, [c.Batch, c.InChannels, c.InHeight, c.InWidth], inputs);
        return OnPeArray(ctx, c.Name, GemmShape.Of(c), new ConvOperands(c, x, w), f, x.Length + w.Length, inputs,
            (q, order) => GoldenReference.Conv(c, x, w, q, f, order));
    }
}

using Sim.Accelerator;
using Sim.Config;
using Sim.Mapping;
using Sim.Workload;

namespace Sim.Run;

/// <summary>Matrix products and fully-connected layers on the PE array.</summary>
public sealed class GemmOperator : PeArrayOperator<GemmLayer>
{
    public override PeOperands Draw(Lowering ctx, GemmLayer g, int index, bool withInput)
    {
        var (a, w) = ctx.Phases.Time("operands", () =>
            LayerTensors.Gemm(g, new OperandGenerator(ctx.Scenario.Seed, index), ctx.Scenario.Data, g.FormatOn(ctx.Hw).Operands, withInput));
        return new PeOperands(a, w);
    }

    protected override LayerWork Lower(Lowering ctx, GemmLayer g, int index, LayerInputs inputs)
    {
        var f = g.FormatOn(ctx.Hw);
        var (a, w) = Operands(ctx, g, index, [g.M, g.K], inputs);
        return OnPeArray(ctx, g.Name, GemmShape.Of(g), new MatrixOperands(g, a, w), f, a.Length + w.Length, inputs,
            (q, order) => GoldenReference.Gemm(a, w, q, f, order));
    }
}

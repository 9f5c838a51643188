using Sim.Config;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Workload;

/// <summary>
/// The operand tensors of a PE-array layer, drawn from its <see cref="OperandGenerator"/> in one
/// fixed order (input or A first, then weights) in the layer's operand format, with the layer's own
/// densities where it sets them and 2:4-pruned weights where it asks, so every tool that runs a
/// layer (the run, the cosimulation) sees the same data for the same scenario and seed.
/// </summary>
internal static class LayerTensors
{
    /// <summary>Input [N,C,H,W] and weights [OC, C/groups, KH, KW].</summary>
    public static (Tensor<short> Input, Tensor<short> Weights) Conv(Conv2DLayer c, OperandGenerator data, DataSource source, ElementFormat format)
    {
        var (x, w) = Conv(c, data, source, format, drawInput: true);
        return (x!, w);
    }

    /// <param name="drawInput">False for a layer that reads another's output: it draws only its weights, so
    /// they differ from the ones it draws alone.</param>
    public static (Tensor<short>? Input, Tensor<short> Weights) Conv(Conv2DLayer c, OperandGenerator data, DataSource source, ElementFormat format,
        bool drawInput)
    {
        var x = drawInput
            ? data.Operands([c.Batch, c.InChannels, c.InHeight, c.InWidth], format, ZeroFraction(c.Data?.ActivationDensity, source.ActivationZeroFraction))
            : null;
        var w = data.Operands([c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW], format, ZeroFraction(c.Data?.WeightDensity, source.WeightZeroFraction));
        int k = c.InChannels / c.Groups * c.KernelH * c.KernelW;
        if (c.Data?.Pruning == WeightPruning.TwoOfFour)
            data.Prune24(w.Data, k, c.OutChannels, oc => oc * k, 1); // OIHW: a filter's K weights are contiguous
        return (x, w);
    }

    /// <summary>A [M,K] and W [K,N].</summary>
    public static (Tensor<short> A, Tensor<short> W) Gemm(GemmLayer g, OperandGenerator data, DataSource source, ElementFormat format)
    {
        var (a, w) = Gemm(g, data, source, format, drawInput: true);
        return (a!, w);
    }

    /// <summary>A [M,K] (when <paramref name="drawInput"/>, as for <see cref="Conv(Conv2DLayer, OperandGenerator, DataSource, ElementFormat, bool)"/>) and W [K,N].</summary>
    public static (Tensor<short>? A, Tensor<short> W) Gemm(GemmLayer g, OperandGenerator data, DataSource source, ElementFormat format, bool drawInput)
    {
        var a = drawInput ? data.Operands([g.M, g.K], format, ZeroFraction(g.Data?.ActivationDensity, source.ActivationZeroFraction)) : null;
        var w = data.Operands([g.K, g.N], format, ZeroFraction(g.Data?.WeightDensity, source.WeightZeroFraction));
        if (g.Data?.Pruning == WeightPruning.TwoOfFour)
            data.Prune24(w.Data, g.K, g.N, n => n, g.N); // W[K,N]: column n's K weights are N apart
        return (a, w);
    }

    /// <summary>A layer's own density, where it sets one, overrides the scenario's zero fraction.</summary>
    private static double ZeroFraction(double? density, double scenarioZeroFraction) =>
        density is { } d ? 1 - d : scenarioZeroFraction;
}

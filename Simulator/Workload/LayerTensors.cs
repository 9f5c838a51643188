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
public static class LayerTensors
{
    /// <summary>Input [N,C,H,W] and weights [OC, C/groups, KH, KW].</summary>
    /// <param name="input">The input another layer computed (its elements in order), or null to draw one;
    /// a layer given its input draws only its weights, so they differ from the ones it draws alone.</param>
    public static (Tensor<short> Input, Tensor<short> Weights) Conv(Conv2DLayer c, OperandGenerator data, DataSource source, ElementFormat format,
        Tensor<short>? input = null)
    {
        int[] shape = [c.Batch, c.InChannels, c.InHeight, c.InWidth];
        var x = input is null
            ? data.Operands(shape, format, ZeroFraction(c.Data?.ActivationDensity, source.ActivationZeroFraction))
            : new Tensor<short>(shape, input.Data);
        var w = data.Operands([c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW], format, ZeroFraction(c.Data?.WeightDensity, source.WeightZeroFraction));
        int k = c.InChannels / c.Groups * c.KernelH * c.KernelW;
        if (c.Data?.Pruning == WeightPruning.TwoOfFour)
            data.Prune24(w.Data, k, c.OutChannels, oc => oc * k, 1); // OIHW: a filter's K weights are contiguous
        return (x, w);
    }

    /// <summary>A [M,K] and W [K,N]; <paramref name="input"/> as for <see cref="Conv"/>.</summary>
    public static (Tensor<short> A, Tensor<short> W) Gemm(GemmLayer g, OperandGenerator data, DataSource source, ElementFormat format,
        Tensor<short>? input = null)
    {
        var a = input is null
            ? data.Operands([g.M, g.K], format, ZeroFraction(g.Data?.ActivationDensity, source.ActivationZeroFraction))
            : new Tensor<short>([g.M, g.K], input.Data);
        var w = data.Operands([g.K, g.N], format, ZeroFraction(g.Data?.WeightDensity, source.WeightZeroFraction));
        if (g.Data?.Pruning == WeightPruning.TwoOfFour)
            data.Prune24(w.Data, g.K, g.N, n => n, g.N); // W[K,N]: column n's K weights are N apart
        return (a, w);
    }

    /// <summary>A layer's own density, where it sets one, overrides the scenario's zero fraction.</summary>
    private static double ZeroFraction(double? density, double scenarioZeroFraction) =>
        density is { } d ? 1 - d : scenarioZeroFraction;
}

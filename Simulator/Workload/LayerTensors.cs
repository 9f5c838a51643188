using Sim.Config;
using Sim.Tensors;

namespace Sim.Workload;

/// <summary>
/// The operand tensors of a PE-array layer, drawn from its <see cref="OperandGenerator"/> in one
/// fixed order (input or A first, then weights), so every tool that runs a layer (the run, the
/// cosimulation) sees the same data for the same scenario and seed.
/// </summary>
public static class LayerTensors
{
    /// <summary>Input [N,C,H,W] and weights [OC, C/groups, KH, KW].</summary>
    public static (Tensor<sbyte> Input, Tensor<sbyte> Weights) Conv(Conv2DLayer c, OperandGenerator data, DataSource source) => (
        data.Int8([c.Batch, c.InChannels, c.InHeight, c.InWidth], source.ActivationZeroFraction),
        data.Int8([c.OutChannels, c.InChannels / c.Groups, c.KernelH, c.KernelW], source.WeightZeroFraction));

    /// <summary>A [M,K] and W [K,N].</summary>
    public static (Tensor<sbyte> A, Tensor<sbyte> W) Gemm(GemmLayer g, OperandGenerator data, DataSource source) => (
        data.Int8([g.M, g.K], source.ActivationZeroFraction),
        data.Int8([g.K, g.N], source.WeightZeroFraction));
}

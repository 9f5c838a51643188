using Sim.Accelerator;
using Sim.Config;
using Sim.Tensors;

namespace Sim.Sfu;

/// <summary>
/// The special-function unit beside the vector unit: <see cref="SfuConfig.Lanes"/> fp32 elements a cycle, each range-reduced,
/// looked up in the function's table and reconstructed (<see cref="SfuKernel"/>). The table is SRAM, loaded with the node's
/// function before it runs (like the weights, before the timed inference). A pass streams its input in chunks of half the
/// input scratchpad, as the vector unit does; each chunk takes ceil(elements / lanes) cycles plus
/// <see cref="PipelineStages"/> to fill and drain the pipeline.
/// </summary>
internal sealed class SpecialFunctionUnit(SfuConfig config, long inputScratchpadBytes)
{
    /// <summary>Range reduction, table read, interpolation, reconstruction (exponent add, symmetry, or GELU's multiply by x).</summary>
    public const int PipelineStages = 4;

    public SfuConfig Config { get; } = config;

    /// <summary>The kernel of <paramref name="function"/>; <paramref name="geluTanhForm"/> picks GELU's tanh approximation.</summary>
    public static SfuKernel Kernel(SfuFunction function, bool geluTanhForm = false) => function switch
    {
        SfuFunction.Exp => new ExpKernel(),
        SfuFunction.Sigmoid => new SigmoidKernel(),
        SfuFunction.Tanh => new TanhKernel(),
        SfuFunction.Gelu => new GeluKernel(geluTanhForm),
        SfuFunction.Reciprocal => new ReciprocalKernel(),
        SfuFunction.Rsqrt => new RsqrtKernel(),
        SfuFunction.Erf => new ErfKernel(),
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
    };

    /// <summary>The kernel applied to every element of <paramref name="x"/>, through this unit's table.</summary>
    public Tensor<float> Run(SfuKernel kernel, Tensor<float> x)
    {
        var table = kernel.Table(Config);
        var y = new Tensor<float>(x.Shape);
        var src = x.Data;
        var dst = y.Data;
        for (int i = 0; i < src.Length; i++)
            dst[i] = kernel.Evaluate(src[i], table);
        return y;
    }

    /// <summary>One pass over <paramref name="elements"/> elements of <paramref name="elementBytes"/> each (fp32 unless given) as a command stream; outputs the same.</summary>
    public List<TileStep> Steps(long elements, int elementBytes = 4)
    {
        // The chunking is the vector unit's, at this unit's lanes; each chunk then adds the pipeline's fill and drain.
        var steps = new VectorUnit(new VectorUnitConfig(Config.Lanes), inputScratchpadBytes).ElementwiseSteps(elements, elementBytes, 1, elements * elementBytes);
        return steps.ConvertAll(s => s with { ComputeCycles = s.ComputeCycles + PipelineStages });
    }
}

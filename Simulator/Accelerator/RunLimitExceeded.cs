namespace Sim.Accelerator;

/// <summary>A program still running past its cycle limit (<c>execution.max_cycles</c>), and the layer the compute unit was serving.</summary>
internal sealed class RunLimitExceeded(long maxCycles, int layer)
    : Exception($"the run passed its limit of {maxCycles} core cycles (execution.max_cycles) with layer {layer} of its program still running")
{
    public long MaxCycles { get; } = maxCycles;

    /// <summary>The layer's position in the program.</summary>
    public int Layer { get; } = layer;
}

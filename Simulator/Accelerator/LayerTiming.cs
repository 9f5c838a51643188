namespace Sim.Accelerator;

/// <summary>
/// Where a layer's core cycles went. Every cycle is counted once: the unit computing (including
/// cycles stalled on scratchpad bank conflicts, shown apart in ConflictCycles), waiting on device
/// memory (DRAM stall), waiting on the host link (link stall), shared with a neighbouring layer
/// (overlap: the layer's loads ran while the layer before it computed, or its stores drained while
/// the next one computed; those cycles are charged to the layer the compute unit was serving), or
/// none of these (idle: clock alignment between domains).
/// </summary>
internal readonly record struct LayerTiming(
    long Cycles, long ComputeCycles, long DramStallCycles, long LinkStallCycles, long IdleCycles, long ConflictCycles)
{
    public long OverlapCycles { get; init; }
}

/// <summary>
/// A program's timing: each layer's, and the whole run's from its first command to the moment its last
/// output reached its destination. The layers' cycles less their overlap add up to <see cref="Cycles"/>.
/// </summary>
internal sealed record ProgramTiming(IReadOnlyList<LayerTiming> Layers, long Cycles);

namespace Sim.Accelerator;

/// <summary>
/// Where a layer's core cycles went. Every cycle is counted once: the unit computing (including
/// cycles stalled on scratchpad bank conflicts, shown apart in ConflictCycles), waiting on device
/// memory (DRAM stall), waiting on the host link (link stall), or none of these (idle: clock
/// alignment between domains).
/// </summary>
public readonly record struct LayerTiming(
    long Cycles, long ComputeCycles, long DramStallCycles, long LinkStallCycles, long IdleCycles, long ConflictCycles);

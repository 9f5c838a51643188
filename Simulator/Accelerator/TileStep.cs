namespace Sim.Accelerator;

/// <summary>
/// One step of a layer's command stream: load its operands into a scratchpad, compute on them
/// for a number of core cycles, and (when it finishes an output block) store results.
/// ConflictCycles is the part of ComputeCycles the unit stood stalled on scratchpad bank conflicts.
/// </summary>
public readonly record struct TileStep(long LoadBytes, long ComputeCycles, long StoreBytes, long ConflictCycles = 0);

namespace Sim.Accelerator;

/// <summary>A contiguous stretch of device memory: where a tile's operands or results live.</summary>
internal readonly record struct MemoryRange(long Address, long Bytes)
{
    public static readonly MemoryRange None = new(0, 0);
}

/// <summary>
/// One step of a layer's command stream: load its activations and (unless they are already on
/// chip) its weights into the scratchpads, compute on them for a number of core cycles, and, when
/// it finishes an output block, store the results. ConflictCycles is the part of ComputeCycles the
/// unit stood stalled on scratchpad bank conflicts.
/// </summary>
internal readonly record struct TileStep(
    MemoryRange Activations, MemoryRange Weights, long ComputeCycles, MemoryRange Store, long ConflictCycles = 0)
{
    /// <summary>
    /// A second tensor loaded with the activations: an add's other operand, or the residual a fused output
    /// stage adds to the block this step stores.
    /// </summary>
    public MemoryRange Residual { get; init; }
}

using Sim.Mapping;

namespace Sim.Accelerator;

/// <summary>
/// Where a GEMM's tiles live in device memory. The compiler is assumed to store every operand
/// pre-tiled, each tile contiguous, so a tile load is one sequential stream (what DRAM serves
/// best); activations, weights and outputs sit in separate regions, far apart so that they never
/// share a DRAM row. Edge tiles keep the full tile's slot.
/// </summary>
internal sealed class TileLayout(TilePlan plan)
{
    public const long ActivationBase = 0;
    public const long WeightBase = 1L << 34;
    public const long OutputBase = 2L << 34;

    /// <summary>A second tensor read beside the activations: an add's other operand, a fused add's residual.</summary>
    public const long ResidualBase = 3L << 34;

    private readonly long _activationTile = plan.OperandBytes((long)plan.Mt * plan.Kt);
    private readonly long _weightTile = plan.OperandBytes((long)plan.Kt * plan.Nt);
    private readonly long _outputTile = plan.OutputBytes((long)plan.Mt * plan.Nt);

    public MemoryRange Activations(int group, int mBlock, int kChunk, long bytes) =>
        new(ActivationBase + ((long)(group * plan.MBlocks + mBlock) * plan.KChunks + kChunk) * _activationTile, bytes);

    /// <summary>Raw input rows of a group from <paramref name="firstRow"/> (on-chip im2col): groups, then rows, each row contiguous.</summary>
    public MemoryRange Rows(int group, int firstRow, long bytes) =>
        new(ActivationBase + ((long)group * plan.Bands!.Count + firstRow) * plan.OperandBytes(plan.Bands.RowElements), bytes);

    public MemoryRange Weights(int group, int kChunk, int nBlock, long bytes) =>
        new(WeightBase + ((long)(group * plan.NBlocks + nBlock) * plan.KChunks + kChunk) * _weightTile, bytes);

    public MemoryRange Outputs(int group, int mBlock, int nBlock, long bytes) =>
        new(OutputBase + ((long)(group * plan.NBlocks + nBlock) * plan.MBlocks + mBlock) * _outputTile, bytes);
}

using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>
/// Where a GEMM-shaped layer's operands come from and where its outputs go: a convolution
/// lowers its input with im2col, a fully-connected layer hands over its matrices as they are.
/// </summary>
internal interface IGemmOperands
{
    /// <summary>The layer's output tensor (raw bits of the output format), complete once every block is written.</summary>
    Tensor<short> Output { get; }

    /// <summary>The raw input A is lowered from, in rows: what moves from memory when im2col is done on chip.</summary>
    InputRows Rows { get; }

    /// <summary>Fills A[M,K] (row-major) for one group.</summary>
    void LowerActivations(int group, short[] a);

    /// <summary>Fills W[K,N] (row-major) for one group.</summary>
    void LowerWeights(int group, short[] w);

    /// <summary>Scatters a requantised mRows x nCols output block that starts at (m0, n0) of the group's Y[M,N].</summary>
    void WriteOutputBlock(int group, int m0, int n0, int mRows, int nCols, ReadOnlySpan<short> block);
}

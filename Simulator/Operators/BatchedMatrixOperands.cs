using Sim.Mapping;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// A batch of G independent GEMMs Y[g] = A[g] x W[g] (a batched MatMul: attention heads) as the groups
/// of one PE-array layer: A [G, M, K], W [G, K, N], Y [G, M, N].
/// </summary>
internal sealed class BatchedMatrixOperands(int groups, int m, int k, int n, Tensor<short> a, Tensor<short> w) : IGemmOperands
{
    public GemmShape Shape { get; } = new(groups, m, k, n);

    public Tensor<short> Output { get; } = new(groups, m, n);

    public InputRows Rows { get; } = new MatrixRows(m, k);

    public void LowerActivations(int group, short[] target) => a.Data.AsSpan(group * m * k, m * k).CopyTo(target);

    public void LowerWeights(int group, short[] target) => w.Data.AsSpan(group * k * n, k * n).CopyTo(target);

    public void WriteOutputBlock(int group, int m0, int n0, int mRows, int nCols, ReadOnlySpan<short> block)
    {
        for (int r = 0; r < mRows; r++)
            block.Slice(r * nCols, nCols).CopyTo(Output.Data.AsSpan((group * m + m0 + r) * n + n0, nCols));
    }
}

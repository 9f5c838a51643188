using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>A fully-connected layer's operands (raw operand bits): A[M,K] and W[K,N] as they are, Y[M,N] out.</summary>
internal sealed class MatrixOperands(GemmLayer layer, Tensor<short> a, Tensor<short> w) : IGemmOperands
{
    public Tensor<short> Output { get; } = new(layer.M, layer.N);

    public InputRows Rows { get; } = new MatrixRows(layer.M, layer.K);

    public void LowerActivations(int group, short[] target) => a.Data.CopyTo(target, 0);

    public void LowerWeights(int group, short[] target) => w.Data.CopyTo(target, 0);

    public void WriteOutputBlock(int group, int m0, int n0, int mRows, int nCols, ReadOnlySpan<short> block)
    {
        for (int r = 0; r < mRows; r++)
            block.Slice(r * nCols, nCols).CopyTo(Output.Data.AsSpan((m0 + r) * layer.N + n0, nCols));
    }

}

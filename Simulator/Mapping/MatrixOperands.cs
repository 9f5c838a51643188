using Sim.Config;
using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>A fully-connected layer's operands: A[M,K] and W[K,N] as they are, Y[M,N] out.</summary>
public sealed class MatrixOperands(GemmLayer layer, Tensor<sbyte> a, Tensor<sbyte> w) : IGemmOperands
{
    public Tensor<sbyte> Output { get; } = new(layer.M, layer.N);

    public void LowerActivations(int group, short[] target) => Widen(a.Data, target);

    public void LowerWeights(int group, short[] target) => Widen(w.Data, target);

    public void WriteOutputBlock(int group, int m0, int n0, int mRows, int nCols, ReadOnlySpan<sbyte> block)
    {
        for (int r = 0; r < mRows; r++)
            block.Slice(r * nCols, nCols).CopyTo(Output.Data.AsSpan((m0 + r) * layer.N + n0, nCols));
    }

    private static void Widen(sbyte[] source, short[] target)
    {
        for (int i = 0; i < source.Length; i++) target[i] = source[i];
    }
}

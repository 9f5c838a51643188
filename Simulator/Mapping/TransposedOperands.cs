using Sim.Tensors;

namespace Sim.Mapping;

/// <summary>
/// A GEMM seen the other way round: Y^T[N,M] = W^T[N,K] x A^T[K,M]. The layer's weights become the
/// streamed operand and its activations the stationary one; outputs are transposed back on their
/// way out, so the layer's output tensor is the same.
/// </summary>
internal sealed class TransposedOperands(IGemmOperands inner, GemmShape shape) : IGemmOperands
{
    private short[] _scratch = [];
    private short[] _block = [];

    public Tensor<short> Output => inner.Output;

    /// <summary>The streamed operand is W^T: its rows are the weights' columns.</summary>
    public InputRows Rows { get; } = new MatrixRows(shape.N, shape.K);

    /// <summary>A'[N,K] = W^T.</summary>
    public void LowerActivations(int group, short[] a)
    {
        var w = Scratch((long)shape.K * shape.N);
        inner.LowerWeights(group, w);
        for (int k = 0; k < shape.K; k++)
            for (int n = 0; n < shape.N; n++)
                a[(long)n * shape.K + k] = w[(long)k * shape.N + n];
    }

    /// <summary>W'[K,M] = A^T.</summary>
    public void LowerWeights(int group, short[] w)
    {
        var a = Scratch((long)shape.M * shape.K);
        inner.LowerActivations(group, a);
        for (int m = 0; m < shape.M; m++)
            for (int k = 0; k < shape.K; k++)
                w[(long)k * shape.M + m] = a[(long)m * shape.K + k];
    }

    /// <summary>A block of Y^T at (n0, m0), nRows x mCols, is the block of Y at (m0, n0), mCols x nRows.</summary>
    public void WriteOutputBlock(int group, int n0, int m0, int nRows, int mCols, ReadOnlySpan<short> block)
    {
        if (_block.Length < block.Length) _block = new short[block.Length];
        for (int n = 0; n < nRows; n++)
            for (int m = 0; m < mCols; m++)
                _block[m * nRows + n] = block[n * mCols + m];
        inner.WriteOutputBlock(group, m0, n0, mCols, nRows, _block.AsSpan(0, block.Length));
    }

    private short[] Scratch(long length)
    {
        if (_scratch.Length < length) _scratch = new short[length];
        return _scratch;
    }
}

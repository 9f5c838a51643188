using Sim.Numerics;

namespace Sim.Mapping;

/// <summary>
/// A GEMM's activations as the raw tensor they are lowered from, in rows: what moves from memory when the
/// window vectors are formed on chip. A convolution's row is one input row of one image, every channel of
/// the group (stored channels-last, so a band of rows is one contiguous stream); a matrix's row is a row of A.
/// A block of the GEMM's M rows reads a band of consecutive rows, its halo included.
/// </summary>
internal abstract class InputRows
{
    /// <summary>Operands in one row.</summary>
    public abstract int RowElements { get; }

    /// <summary>Rows in one group's input.</summary>
    public abstract int Count { get; }

    /// <summary>The rows output rows <paramref name="m0"/>..m0+mRows-1 read, first to last (empty when Last &lt; First).</summary>
    public abstract (int First, int Last) Band(int m0, int mRows);

    /// <summary>
    /// What a row holds of the K range <paramref name="k0"/>..k0+kRows-1, as contiguous runs: how many, and the
    /// operands in each (a conv row: one run per pixel, of the channels the range covers).
    /// </summary>
    public abstract (int Runs, int Elements) ChunkRuns(int k0, int kRows);

    /// <summary>Non-zero operands in rows first..last of a group (for bitmap compression); <paramref name="loweredA"/> is the group's A[M,K].</summary>
    public abstract long NonZeros(int group, int first, int last, ReadOnlySpan<short> loweredA, ElementFormat format);
}

/// <summary>A matrix's rows: row m of A[M,K] is output row m's activation vector.</summary>
internal sealed class MatrixRows(int m, int k) : InputRows
{
    public override int RowElements => k;

    public override int Count => m;

    public override (int First, int Last) Band(int m0, int mRows) => (m0, m0 + mRows - 1);

    public override (int Runs, int Elements) ChunkRuns(int k0, int kRows) => (1, kRows);

    public override long NonZeros(int group, int first, int last, ReadOnlySpan<short> loweredA, ElementFormat format) =>
        Counting.NonZeros(loweredA.Slice(first * k, (last - first + 1) * k), format);
}

/// <summary>Counting non-zero operands.</summary>
internal static class Counting
{
    public static long NonZeros(ReadOnlySpan<short> values, ElementFormat format)
    {
        long n = 0;
        foreach (short v in values)
            if (!Accumulation.IsZero(format, v)) n++;
        return n;
    }
}

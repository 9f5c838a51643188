using Sim.Graph;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// A matrix product (MatMul, MatMulInteger, QLinearMatMul) with ONNX's numpy semantics, as the PE array runs it:
/// A [..., M, K] times B [..., K, N]; a 1-D A is a row [1, K] and a 1-D B a column [K, 1], their unit dimension
/// dropped from the output; the leading (batch) dimensions broadcast.
/// <list type="bullet">
/// <item>B without a batch (or all its batch dimensions 1): one GEMM, A's batch folded into M; B, the weights, loads once.</item>
/// <item>Otherwise one GEMM per output batch index, the groups of one PE-array layer, each gathering its slice of A
///   and of B (<see cref="ASlices"/>, <see cref="BSlices"/>). An operand broadcast along a batch dimension is copied
///   into every group that shares it, so the model loads it once per group: what an accelerator without reuse across
///   groups does, re-reading the shared matrix from DRAM for each GEMM. One that kept it resident would read it once;
///   the model does not.</item>
/// </list>
/// </summary>
internal sealed record MatMulGeometry(int Groups, int M, int K, int N, int[] OutputShape, int[] ASlices, int[] BSlices, int BMatrices)
{
    /// <summary>The geometry of A [<paramref name="a"/>] x B [<paramref name="b"/>]; shapes with no matrix product are bad input naming the node.</summary>
    public static MatMulGeometry Of(GraphNode node, int[] a, int[] b)
    {
        string shapes = $"A [{string.Join(",", a)}] and B [{string.Join(",", b)}]";
        if (a.Length == 0 || b.Length == 0) throw NodeShapes.Error(node, $"scalars have no matrix product: {shapes}");
        int[] pa = a.Length == 1 ? [1, a[0]] : a, pb = b.Length == 1 ? [b[0], 1] : b;
        int m = pa[^2], k = pa[^1], n = pb[^1];
        if (pb[^2] != k) throw NodeShapes.Error(node, $"inner dimensions differ: {shapes}");
        int rank = Math.Max(pa.Length, pb.Length) - 2;
        int[] aBatch = Padded(pa[..^2], rank), bBatch = Padded(pb[..^2], rank), batch = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            if (aBatch[d] != bBatch[d] && aBatch[d] != 1 && bBatch[d] != 1)
                throw NodeShapes.Error(node, $"batch dimensions do not broadcast: {shapes}");
            batch[d] = aBatch[d] == 1 ? bBatch[d] : aBatch[d];
        }
        int[] output = [.. batch, .. a.Length == 1 ? Array.Empty<int>() : [m], .. b.Length == 1 ? Array.Empty<int>() : [n]];
        int groups = batch.Aggregate(1, (p, d) => p * d);
        int bMatrices = bBatch.Aggregate(1, (p, d) => p * d);
        if (bMatrices == 1) return new(1, groups * m, k, n, output, [0], [0], 1);
        var all = Enumerable.Range(0, groups);
        return new(groups, m, k, n, output, [.. all.Select(g => Slice(g, batch, aBatch))], [.. all.Select(g => Slice(g, batch, bBatch))], bMatrices);
    }

    /// <summary>A as the GEMMs read it, Groups x M x K elements group-major, group g holding A's slice <see cref="ASlices"/>[g].</summary>
    public Tensor<T> A<T>(Tensor<T> a) where T : unmanaged => Gather(a, ASlices, M * K);

    /// <summary>B as the GEMMs read it, Groups x K x N elements group-major, group g holding B's slice <see cref="BSlices"/>[g].</summary>
    public Tensor<T> B<T>(Tensor<T> b) where T : unmanaged => Gather(b, BSlices, K * N);

    /// <summary>
    /// A parameter of B's columns (b_scale, b_zero_point): one value, one per column [N], or one per column of each of
    /// B's matrices [..., 1, N] (how ONNX Runtime takes them for a batched B); another count is bad input naming the node.
    /// </summary>
    public T[] PerColumn<T>(GraphNode node, GraphValue v, string what, Func<GraphValue, T[]> data)
    {
        if (v.Length != 1 && v.Length != N && v.Length != BMatrices * N)
            throw NodeShapes.Error(node, $"{what} must hold 1 or {N} values{(BMatrices == 1 ? "" : $" (or {BMatrices * N}, {N} for each of B's {BMatrices} matrices)")}, has {v.Length}");
        return data(v);
    }

    /// <summary>Which of <paramref name="count"/> per-column values applies to element <paramref name="i"/> of B (row-major [..., K, N]).</summary>
    public int ColumnOfB(int count, int i) => count == 1 ? 0 : count == N ? i % N : i / (K * N) * N + i % N;

    /// <summary>Which of <paramref name="count"/> per-column values applies to column <paramref name="c"/> of group <paramref name="g"/>'s output.</summary>
    public int ColumnOfGroup(int count, int g, int c) => count == 1 ? 0 : count == N ? c : BSlices[g] * N + c;

    private static Tensor<T> Gather<T>(Tensor<T> t, int[] slices, int size) where T : unmanaged
    {
        // One GEMM over the whole operand (B without a batch, A's batch folded into M): the operand as it is.
        if (slices is [0] && size == t.Length) return t;
        var data = new T[slices.Length * size];
        for (int g = 0; g < slices.Length; g++)
            t.Data.AsSpan(slices[g] * size, size).CopyTo(data.AsSpan(g * size));
        return new Tensor<T>([slices.Length, size], data);
    }

    /// <summary>Leading 1s up to <paramref name="rank"/> dimensions: numpy aligns batch shapes at their last dimension.</summary>
    private static int[] Padded(int[] batch, int rank) => [.. Enumerable.Repeat(1, rank - batch.Length), .. batch];

    /// <summary>The operand's slice for output batch index <paramref name="g"/> (row-major over <paramref name="batch"/>): 0 along its dimensions of 1.</summary>
    private static int Slice(int g, int[] batch, int[] operand)
    {
        int slice = 0, stride = 1;
        for (int d = batch.Length - 1; d >= 0; d--)
        {
            if (operand[d] != 1) slice += g % batch[d] * stride;
            g /= batch[d];
            stride *= operand[d];
        }
        return slice;
    }
}

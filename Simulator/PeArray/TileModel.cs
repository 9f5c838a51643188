using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Sim.Numerics;

namespace Sim.PeArray;

/// <summary>
/// The fast model of one weight-stationary tile: the numbers as a bulk matrix product and the
/// cycles from a closed-form formula. It must agree exactly with <see cref="TileDriver"/> running
/// the register-level <see cref="SystolicArray"/>; the equivalence tests hold it to that.
/// </summary>
internal static class TileModel
{
    /// <summary>
    /// Cycles for an M x K_t by K_t x N_t tile on a rows x cols array, counted as
    /// <see cref="TileDriver.Run"/> counts them: from the first weight-load edge up to and including
    /// the edge that puts y[M-1][N_t-1] on the output port.
    /// </summary>
    /// <remarks>
    /// Derivation (R = rows):
    /// <list type="number">
    /// <item>Weight load: R cycles. The whole column is shifted whatever K_t is.</item>
    /// <item>Fill: a[0][0] enters PE(0,0) in stream cycle 0, and y[0]'s sum is registered one row
    ///   lower each cycle, so it is in the bottom row of column 0 at the end of stream cycle R-1:
    ///   R cycles. K_t does not shorten this: rows K_t..R-1 hold zero weights but still pass the sum.</item>
    /// <item>Stream: vector m enters m cycles after vector 0, so y[M-1] leaves column 0 M-1 cycles later.</item>
    /// <item>Drain across columns: activations move one PE right per cycle, so everything in column c
    ///   happens c cycles after column 0; the last needed column N_t-1 adds N_t-1 cycles.</item>
    /// </list>
    /// Total = R + R + (M-1) + (N_t-1) = 2R + M + N_t - 2. Cols matters only as the bound on N_t.
    /// </remarks>
    public static long Cycles(int rows, int cols, int m, int k, int n)
    {
        TileShape.Validate(rows, cols, m, k, n);
        return 2L * rows + m + n - 2;
    }

    /// <summary>
    /// accumulators[i, j] += sum over p of activations[i, p] * weights[p, j], all row-major, with int32
    /// wrapping as the hardware's adders wrap (so the order of additions does not matter), by
    /// <see cref="IntegerTileKernel"/>: SIMD over j, no transpose of either operand.
    /// </summary>
    public static void Compute(
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n,
        IntegerKernel kernel = IntegerKernel.Best)
    {
        TileShape.ValidateOperands(m, k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);
        IntegerTileKernel.Compute(activations, weights, accumulators, m, k, n, kernel);
    }

    /// <summary>
    /// accumulators[i, j] = Add(accumulators[i, j], column sum) in the formats of <paramref name="datapath"/>
    /// (raw bits, see <see cref="PeDatapath"/>), where the column sum adds the products of k = 0..K_t-1 in
    /// order, starting from +0, as they flow down the PE column: the order of <see cref="AccumulationOrder"/>
    /// with this tile as one chunk. Integer datapaths take the wrapping SIMD path above (order does not
    /// matter modulo 2^32, nor modulo 2^16 for an int16 accumulator). Allocation-free after warm-up (buffers
    /// come from the shared pool).
    /// </summary>
    public static void Compute(in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n)
    {
        if (!datapath.IsFloat)
        {
            Compute(activations, weights, accumulators, m, k, n);
            if (datapath.Accumulator == ElementFormat.Int16)
                foreach (ref int acc in accumulators)
                    acc = unchecked((short)acc);
            return;
        }

        TileShape.ValidateOperands(m, k, n);
        TileShape.ValidateBuffers(activations, weights, accumulators, m, k, n);
        var format = datapath.Operands;
        var pool = ArrayPool<float>.Shared;
        float[] wBuffer = pool.Rent(k * n), columnBuffer = pool.Rent(n);
        try
        {
            var w = wBuffer.AsSpan(0, k * n);
            for (int i = 0; i < w.Length; i++) w[i] = Accumulation.Decode(format, weights[i]);
            var column = columnBuffer.AsSpan(0, n);
            var acc = MemoryMarshal.Cast<int, float>(accumulators);
            bool wide = datapath.Accumulator == ElementFormat.Fp32;
            int lanes = Vector<float>.Count;
            int vectorEnd = wide && Vector.IsHardwareAccelerated ? n - n % lanes : 0;

            for (int i = 0; i < m; i++)
            {
                column.Clear();
                for (int p = 0; p < k; p++)
                {
                    float a = Accumulation.Decode(format, activations[i * k + p]);
                    if (a == 0)
                        continue; // a ±0 product leaves a sum that started from +0 unchanged
                    var weightRow = w.Slice(p * n, n);
                    int j = 0;
                    if (wide)
                    {
                        var broadcast = new Vector<float>(a);
                        for (; j < vectorEnd; j += lanes)
                            (new Vector<float>(column.Slice(j)) + broadcast * new Vector<float>(weightRow.Slice(j))).CopyTo(column.Slice(j));
                        for (; j < n; j++)
                            column[j] += a * weightRow[j];
                    }
                    else
                    {
                        for (; j < n; j++)
                            column[j] = Accumulation.Add(datapath.Accumulator, column[j], a * weightRow[j]);
                    }
                }
                var accRow = acc.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                    accRow[j] = Accumulation.Add(datapath.Accumulator, accRow[j], column[j]);
            }
        }
        finally
        {
            pool.Return(wBuffer);
            pool.Return(columnBuffer);
        }
    }

    /// <summary>
    /// Fills <paramref name="streamed"/> with the indices of the vectors the sequencer issues, in order, and
    /// returns how many (M'): all M, or with zero-vector skipping those with a non-zero operand.
    /// </summary>
    public static int StreamedVectors(in PeArrayFeatures features, in PeDatapath datapath,
        ReadOnlySpan<short> activations, int m, int k, Span<int> streamed)
    {
        int count = 0;
        for (int i = 0; i < m; i++)
        {
            bool issue = !features.SkipZeroVectors;
            for (int p = 0; p < k && !issue; p++)
                issue = !datapath.IsZero(activations[i * k + p]);
            if (issue) streamed[count++] = i;
        }
        return count;
    }

    /// <summary>
    /// One tile with the sparsity features: the numbers (<see cref="Compute(in PeDatapath, ReadOnlySpan{short}, ReadOnlySpan{short}, Span{int}, int, int, int)"/>,
    /// unchanged by any feature), the cycles from the data and the MAC counts, as
    /// <see cref="TileDriver.Run(in PeArrayFeatures, in PeDatapath, ReadOnlySpan{short}, ReadOnlySpan{short}, Span{int}, int, int, int)"/>
    /// counts them on the register-level array.
    /// </summary>
    /// <remarks>
    /// Cycles: M' = the vectors issued (<see cref="StreamedVectors"/>); 0 when M' = 0, else 2R + M' + N_t - 2
    /// (the derivation of <see cref="Cycles"/> with M' vectors; a 2:4 tile loads R compressed rows as a dense
    /// one loads R rows). MAC counts, per PE (r, c) of the used rows (K_t, or 2 ceil(K_t / 4) in 2:4 mode)
    /// and the tile's columns: it sees the issued vectors' activations of one K row k (k = r, or
    /// 4 (r / 2) + its index in 2:4 mode; rows past K_t read zeros) against its weight w. Over the M' issued
    /// vectors: with gating, a zero w gates all M', else the zero activations are gated; the rest are active,
    /// and repeated when equal to the previous issued vector's (and non-zero). Without gating all M' are
    /// active and repeated counts every equal consecutive pair.
    /// </remarks>
    public static TileStats Execute(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n) =>
        Execute(features, datapath, rows, cols, activations, weights, accumulators, m, k, n,
            ActivationProfile.Of(features, datapath, activations, m, k));

    /// <summary>
    /// <see cref="Execute(in PeArrayFeatures, in PeDatapath, int, int, ReadOnlySpan{short}, ReadOnlySpan{short}, Span{int}, int, int, int)"/>
    /// with the activation tile's <paramref name="profile"/> already taken: tiles that stream the same
    /// activations against other weights (the other column blocks of a GEMM) share it.
    /// </summary>
    public static TileStats Execute(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n,
        ActivationProfile profile)
    {
        int usedRows = features.UsedRows(k);
        TileShape.Validate(rows, cols, m, usedRows, n);
        features.ValidateDepthwiseTile(k, n);
        if (profile.K != k) throw new ArgumentException($"the profile is of {profile.K} K rows, the tile has {k}");
        Compute(datapath, activations, weights, accumulators, m, k, n);

        long issued = profile.Issued;
        if (issued == 0)
            return default;

        if (!features.ZeroGating && !features.Structured24 && !features.Int4Pairs)
        {
            // Every PE of the used rows multiplies all M' vectors; PE (r, c) repeats what its K row repeats (in
            // depthwise mode each column has its own K rows, so every K row is one PE's).
            long rowRepeats = 0;
            for (int r = 0; r < k; r++) rowRepeats += profile.Repeats[r];
            long perColumn = features.DepthwiseWindow > 0 ? 1 : n;
            return new TileStats(2L * rows + issued + n - 2, issued, issued * usedRows * n, 0, rowRepeats * perColumn);
        }

        short[]? compressed = null;
        byte[]? indices = null;
        try
        {
            ReadOnlySpan<short> w = weights;
            if (features.Structured24)
            {
                compressed = ArrayPool<short>.Shared.Rent(usedRows * n);
                indices = ArrayPool<byte>.Shared.Rent(usedRows * n);
                Structured24.Compress(datapath.Operands, weights, k, n, compressed, indices);
                w = compressed.AsSpan(0, usedRows * n);
            }

            // A MAC slot per PE, or two per PE with int4 pairs (K rows 2r and 2r + 1).
            int halves = features.Int4Pairs ? 2 : 1;
            long active = 0, gated = 0, repeated = 0;
            for (int slot = 0; slot < usedRows * halves; slot++)
                for (int c = 0; c < n; c++)
                {
                    int r = slot / halves;
                    int p = features.Int4Pairs ? slot : indices is null ? features.KRowOf(r, c) : 4 * (r / 2) + indices[r * n + c];
                    // A row past K_t reads zero activations: all zero, every consecutive pair equal.
                    long zeros = p < k ? profile.Zeros[p] : issued;
                    long repeats = p < k ? profile.Repeats[p] : issued - 1;
                    long nonZeroRepeats = p < k ? profile.NonZeroRepeats[p] : 0;
                    long g = 0, rep = repeats;
                    if (features.ZeroGating)
                    {
                        bool zeroWeight = indices is null ? p >= k || datapath.IsZero(w[p * n + c]) : datapath.IsZero(w[r * n + c]);
                        g = zeroWeight ? issued : zeros;
                        rep = zeroWeight ? 0 : nonZeroRepeats;
                    }
                    gated += g;
                    active += issued - g;
                    repeated += rep;
                }
            return new TileStats(2L * rows + issued + n - 2, issued, active, gated, repeated);
        }
        finally
        {
            if (compressed is not null) ArrayPool<short>.Shared.Return(compressed);
            if (indices is not null) ArrayPool<byte>.Shared.Return(indices);
        }
    }
}

/// <summary>
/// What the PE array's MAC counts need to know of an M x K_t activation tile, whatever weights it meets:
/// how many vectors the sequencer issues (<see cref="TileModel.StreamedVectors"/>) and, per K row over the
/// issued vectors in order, the zero activations, the consecutive pairs that are equal, and those equal
/// pairs that are not zero.
/// </summary>
internal sealed class ActivationProfile
{
    public int K { get; }
    public int Issued { get; }
    public long[] Zeros { get; }
    public long[] Repeats { get; }
    public long[] NonZeroRepeats { get; }

    private ActivationProfile(int k, int issued, long[] zeros, long[] repeats, long[] nonZeroRepeats)
    {
        K = k;
        Issued = issued;
        Zeros = zeros;
        Repeats = repeats;
        NonZeroRepeats = nonZeroRepeats;
    }

    public static ActivationProfile Of(in PeArrayFeatures features, in PeDatapath datapath, ReadOnlySpan<short> activations, int m, int k)
    {
        var zeros = new long[k];
        var repeats = new long[k];
        var nonZeroRepeats = new long[k];
        int[] streamed = ArrayPool<int>.Shared.Rent(m);
        try
        {
            int issued = TileModel.StreamedVectors(features, datapath, activations, m, k, streamed);
            // Row by row through memory: each issued vector against the one issued before it. Counted
            // without branches: activations are zero or not, equal or not, at random.
            for (int j = 0; j < issued; j++)
            {
                var vector = activations.Slice(streamed[j] * k, k);
                var previous = activations.Slice(streamed[Math.Max(j - 1, 0)] * k, k);
                for (int p = 0; p < k; p++)
                {
                    bool zero = datapath.IsZero(vector[p]);
                    bool repeat = j > 0 & vector[p] == previous[p];
                    zeros[p] += zero ? 1 : 0;
                    repeats[p] += repeat ? 1 : 0;
                    nonZeroRepeats[p] += repeat & !zero ? 1 : 0;
                }
            }
            return new ActivationProfile(k, issued, zeros, repeats, nonZeroRepeats);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(streamed);
        }
    }
}

using System.Buffers;
using Sim.Config;

namespace Sim.PeArray;

/// <summary>
/// Output-stationary (ShiDianNao-style): each PE holds one output of an M_t x N_t block (M_t &lt;= R rows,
/// N_t &lt;= C columns) while K streams through in time, activations from the left and weights from the top,
/// then the block drains down the columns. Fast model here, register-level model
/// <see cref="OutputStationaryArray"/> run by <see cref="OutputStationaryDriver"/>.
/// </summary>
/// <remarks>
/// Cycles per tile, K' the K steps issued: a[r][k_j] meets w[k_j][c] in PE(r,c) at edge j + r + c, so the last
/// MAC is at edge K' + M_t + N_t - 3 (K' + M_t + N_t - 2 stream edges); the drain then shifts the accumulators
/// down, the bottom row first, and row 0's sums leave on the R-th drain edge: K' + M_t + N_t + R - 2.
/// <para>
/// Zero skipping: the sequencer does not issue a K step whose activations (the M_t values entering the rows) or
/// whose weights (the N_t entering the columns) are all zero: every product it would feed is zero. A tile with no
/// step issued takes no cycle.
/// </para>
/// A PE adds all of a tile's K in order from +0, so the K tile is the golden model's accumulation chunk: the
/// largest K_t whose R x K_t activations and K_t x C weights both fit twice (double-buffered) in their scratchpads.
/// No 2:4 mode (its index muxes sit beside held weights) and no second weight buffer (no weights are held).
/// </remarks>
internal sealed class OutputStationary : IDataflow
{
    public string Name => "output_stationary";
    public int StreamLength(int m, int k, int n) => k;
    public bool HoldsActivations => false;
    public bool CanTurn => false;
    public bool ProfilesActivations => false;

    public string? Refuses(PeArrayConfig array, SparsityConfig sparsity) =>
        array.WeightBuffers == 2 ? "weight_buffers: 2 needs a weight- or input-stationary array: the output-stationary array holds no weights"
        : sparsity.Structured24 ? "structured_2_4 needs a weight- or input-stationary array: the 2:4 index muxes sit beside held weights"
        : array.Int4Packing ? "int4_packing needs a weight- or input-stationary array: its pairs sit in held operand registers"
        : array.Depthwise == DepthwiseMode.ChannelParallel ? "depthwise: channel_parallel needs a weight- or input-stationary array: its columns hold one channel's window each"
        : null;

    public (int M, int K, int N) TileLimits(int rows, int cols, bool twoKPerRow) => (rows, int.MaxValue, cols);

    public int AccumulationChunk(HardwareConfig hw, LayerFormat format, bool twoKPerRow)
    {
        long bits = ScratchpadRequirements.OperandBits(format.Operands);
        var pads = hw.Scratchpads;
        long byInput = pads.Input.CapacityBytes * 8 / 2 / (hw.PeArray.Rows * bits);
        long byWeight = pads.Weight.CapacityBytes * 8 / 2 / (hw.PeArray.Cols * bits);
        return (int)Math.Clamp(Math.Min(byInput, byWeight), 1, int.MaxValue);
    }

    public TileFormula Formula(int rows, int cols) => new(rows - 2L, PerM: 1, PerK: 1, PerN: 1);

    /// <summary>Each issued K step reads a column of M_t activations and a row of N_t weights; the drain adds M_t rows of sums.</summary>
    public TileAccesses Accesses(int rows, int m, int k, int n, long issued) =>
        new(StreamCycles: issued, InputPerCycle: m, WeightPerCycle: n, WeightLoadRows: 0, WeightsPerLoadRow: 0,
            OutputRows: m, OutputsPerRow: n, OutputsDuringStream: false);

    public static void ValidateTile(int rows, int cols, int m, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        TileShape.ValidateOperands(m, k, n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(m, rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, cols);
    }

    /// <summary>Fills <paramref name="issued"/> with the K steps the sequencer issues, in order, and returns how many (K').</summary>
    public static int IssuedSteps(in PeArrayFeatures features, in PeDatapath datapath,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, int m, int k, int n, Span<int> issued)
    {
        int count = 0;
        for (int p = 0; p < k; p++)
        {
            if (features.SkipZeroVectors)
            {
                bool anyActivation = false, anyWeight = false;
                for (int r = 0; r < m && !anyActivation; r++) anyActivation = !datapath.IsZero(activations[r * k + p]);
                for (int c = 0; c < n && !anyWeight; c++) anyWeight = !datapath.IsZero(weights[p * n + c]);
                if (!anyActivation || !anyWeight) continue;
            }
            issued[count++] = p;
        }
        return count;
    }

    /// <summary>
    /// The numbers are <see cref="TileModel.Compute(in PeDatapath, ReadOnlySpan{short}, ReadOnlySpan{short}, Span{int}, int, int, int)"/>'s
    /// (a PE adds its K in order from +0, as a weight-stationary column does; skipped steps add only zeros). MACs,
    /// per PE (r, c) of the block over the issued steps: with gating, a step whose activation a[r][k] or weight
    /// w[k][c] is zero is gated; the rest are active, and repeated when a[r][k] equals the previous step's.
    /// </summary>
    public TileStats Execute(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n,
        ActivationProfile? profile)
    {
        if (features.Structured24) throw new ArgumentException("the output-stationary array has no 2:4 mode");
        ValidateTile(rows, cols, m, k, n);
        TileModel.Compute(datapath, activations, weights, accumulators, m, k, n);
        int[] steps = ArrayPool<int>.Shared.Rent(k);
        try
        {
            int issued = IssuedSteps(features, datapath, activations, weights, m, k, n, steps);
            if (issued == 0) return default;
            long active = 0, gated = 0, repeated = 0;
            for (int r = 0; r < m; r++)
            {
                var row = activations.Slice(r * k, k);
                for (int j = 0; j < issued; j++)
                {
                    short a = row[steps[j]];
                    bool repeat = j > 0 && a == row[steps[j - 1]];
                    if (!features.ZeroGating)
                    {
                        repeated += repeat ? n : 0;
                        continue;
                    }
                    if (datapath.IsZero(a))
                    {
                        gated += n;
                        continue;
                    }
                    var w = weights.Slice(steps[j] * n, n);
                    int zeroWeights = 0;
                    foreach (short v in w) zeroWeights += datapath.IsZero(v) ? 1 : 0;
                    gated += zeroWeights;
                    active += n - zeroWeights;
                    repeated += repeat ? n - zeroWeights : 0;
                }
            }
            if (!features.ZeroGating) active = (long)issued * m * n;
            return new TileStats(Formula(rows, cols).Cycles(m, issued, n), issued, active, gated, repeated);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(steps);
        }
    }

    public TileStats RunRegisterLevel(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n) =>
        new OutputStationaryDriver(new OutputStationaryArray(rows, cols)).Run(features, datapath, activations, weights, accumulators, m, k, n);
}

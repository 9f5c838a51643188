using Sim.Config;

namespace Sim.PeArray;

/// <summary>
/// Weight-stationary (TPU-style): a K_t x N_t weight tile is held in the array (R rows of K, C columns of N),
/// the M_t activation vectors stream through, each PE column adds its dot product down the rows in K order.
/// Fast model <see cref="TileModel"/>, register-level model <see cref="SystolicArray"/> run by <see cref="TileDriver"/>.
/// Per tile 2R + M_t + N_t - 2 cycles (<see cref="TileModel.Cycles"/>); with two weight buffers the tiles stream
/// back to back (<see cref="WeightPipeline"/>).
/// </summary>
internal class WeightStationary : IDataflow
{
    public virtual string Name => "weight_stationary";
    public int StreamLength(int m, int k, int n) => m;
    public virtual bool HoldsActivations => false;
    public bool CanTurn => true;
    public bool ProfilesActivations => true;

    public string? Refuses(PeArrayConfig array, SparsityConfig sparsity) => null;

    public (int M, int K, int N) TileLimits(int rows, int cols, bool twoKPerRow) =>
        (int.MaxValue, twoKPerRow ? 2 * rows : rows, cols);

    /// <summary>A column adds the R rows of one weight tile (2R of K for 2:4 compressed weights or int4 pairs).</summary>
    public int AccumulationChunk(HardwareConfig hw, LayerFormat format, bool twoKPerRow) =>
        twoKPerRow ? 2 * hw.PeArray.Rows : hw.PeArray.Rows;

    public TileFormula Formula(int rows, int cols) => new(2L * rows - 2, PerM: 1, PerK: 0, PerN: 1);

    /// <summary>R weight rows loaded, then one activation vector read and one row of partial sums added per streamed vector.</summary>
    public TileAccesses Accesses(int rows, int m, int k, int n, long issued) =>
        new(StreamCycles: issued, InputPerCycle: k, WeightPerCycle: 0, WeightLoadRows: rows, WeightsPerLoadRow: n,
            OutputRows: issued, OutputsPerRow: n, OutputsDuringStream: true);

    public TileStats Execute(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n,
        ActivationProfile? profile) =>
        profile is null
            ? TileModel.Execute(features, datapath, rows, cols, activations, weights, accumulators, m, k, n)
            : TileModel.Execute(features, datapath, rows, cols, activations, weights, accumulators, m, k, n, profile);

    public TileStats RunRegisterLevel(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n) =>
        new TileDriver(new SystolicArray(rows, cols)).Run(features, datapath, activations, weights, accumulators, m, k, n);
}

/// <summary>
/// Input-stationary: the same array holding an activation tile (R rows of K, C columns of M) while the weights'
/// columns stream through, so the GEMM runs turned round (Y^T = W^T x A^T) and each tile is a weight-stationary
/// tile of the turned GEMM: 2R + N_t + M_t - 2 cycles, sums added in K order down the columns. The mapper's
/// search may still hold either operand (the array is the same); the textbook mapping holds the activations.
/// 2:4 compressed weights must be held, so a 2:4 layer runs weight-stationary.
/// </summary>
internal sealed class InputStationary : WeightStationary
{
    public override string Name => "input_stationary";
    public override bool HoldsActivations => true;
}

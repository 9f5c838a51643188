using Sim.Config;

namespace Sim.PeArray;

/// <summary>
/// A tile's cycles on ideal memory, affine in its size: Fixed + PerM x M_t + PerK x K_t + PerN x N_t, with the
/// streamed dimension counted as issued (zero steps skipped). Affine so the mapper sums a whole plan in closed form.
/// </summary>
internal readonly record struct TileFormula(long Fixed, int PerM, int PerK, int PerN)
{
    public long Cycles(long m, long k, long n) => Fixed + PerM * m + PerK * k + PerN * n;

    public override string ToString() =>
        string.Join(" + ", new[] { Term(PerK, "K_t"), Term(PerM, "M_t"), Term(PerN, "N_t") }.Where(t => t != "")) +
        (Fixed >= 0 ? $" + {Fixed}" : $" - {-Fixed}");

    private static string Term(int factor, string name) => factor switch { 0 => "", 1 => name, _ => $"{factor} {name}" };
}

/// <summary>
/// What one tile asks of the scratchpads on the array's side: stream cycles that each read an input and a
/// weight row, rows of weights loaded into the array beforehand, and rows of partial sums read, added and
/// written back (during the stream, one a cycle, or after it). Counts are elements; the buffers turn them into lines.
/// </summary>
internal readonly record struct TileAccesses(
    long StreamCycles, int InputPerCycle, int WeightPerCycle,
    long WeightLoadRows, int WeightsPerLoadRow,
    long OutputRows, int OutputsPerRow, bool OutputsDuringStream);

/// <summary>
/// How operands move through the PE array (<c>pe_array.dataflow</c>): which GEMM dimensions a tile's size is
/// bound by, the order a PE column or a PE adds a dot product in, a tile's cycles and MACs (the fast model) and
/// the register-level reference the fast model must match. <see cref="Dataflow"/> registers each by name.
/// </summary>
internal interface IDataflow
{
    /// <summary>Its YAML name.</summary>
    string Name { get; }

    /// <summary>A tile's stream before skipping: the vectors (weight-stationary: M_t) or steps (output-stationary: K_t) it issues.</summary>
    int StreamLength(int m, int k, int n);

    /// <summary>
    /// The textbook mapping holds the activations in the array and streams the weights (the GEMM turned round,
    /// Y^T = W^T x A^T); false: it runs the GEMM as it is.
    /// </summary>
    bool HoldsActivations { get; }

    /// <summary>The array can hold either operand, so the mapper may turn the GEMM round.</summary>
    bool CanTurn { get; }

    /// <summary>The array features it lacks for this configuration, as one message (null: it has them all).</summary>
    string? Refuses(PeArrayConfig array, SparsityConfig sparsity);

    /// <summary>
    /// The most of M, K and N one tile covers on a rows x cols array; K_t is also bound by <see cref="AccumulationChunk"/>.
    /// <paramref name="twoKPerRow"/>: each PE row covers two K rows (2:4 compressed weights, int4 pairs).
    /// </summary>
    (int M, int K, int N) TileLimits(int rows, int cols, bool twoKPerRow);

    /// <summary>
    /// K terms a PE column (or a PE) adds before its sum is added to the accumulator in the output scratchpad:
    /// the K tile, which the golden model's accumulation order takes as its chunk.
    /// </summary>
    int AccumulationChunk(HardwareConfig hw, LayerFormat format, bool twoKPerRow);

    /// <summary>A single-buffered tile's cycles on ideal memory.</summary>
    TileFormula Formula(int rows, int cols);

    /// <summary>What a tile of M_t x K_t by K_t x N_t asks of the scratchpads with <paramref name="issued"/> of its stream issued.</summary>
    TileAccesses Accesses(int rows, int m, int k, int n, long issued);

    /// <summary>
    /// The fast model of one tile: accumulators += the tile's product in the array's order (raw bits in the
    /// datapath's formats), and its cycles and MAC counts from the data. <paramref name="profile"/> is the
    /// activation tile's, when the dataflow takes one (<see cref="ProfilesActivations"/>).
    /// </summary>
    TileStats Execute(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n,
        ActivationProfile? profile);

    /// <summary>The fast model shares an <see cref="ActivationProfile"/> among tiles streaming the same activations.</summary>
    bool ProfilesActivations { get; }

    /// <summary>The same tile on the register-level model, cycle by cycle through its ports: the reference.</summary>
    TileStats RunRegisterLevel(in PeArrayFeatures features, in PeDatapath datapath, int rows, int cols,
        ReadOnlySpan<short> activations, ReadOnlySpan<short> weights, Span<int> accumulators, int m, int k, int n);
}

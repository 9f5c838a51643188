using Sim.Mapping;
using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>What a constrained-random budget ran, and the first difference it met (null: none).</summary>
/// <param name="MostColumnMacs">The most MACs (active and gated) one column's counters held between resets: past
/// 2^CounterWidth, the RTL's counters wrapped.</param>
/// <param name="Coverage">The functional cover points (weight-stationary builds; empty for output-stationary ones).</param>
internal sealed record ConstrainedRandomResult(int Runs, int Tiles, long Edges, int Resets, long MostColumnMacs, string? Mismatch)
{
    public IReadOnlyList<CoverPoint> Coverage { get; init; } = [];
}

/// <summary>
/// Constrained-random stimulus for a Verilog array, in lockstep with its register-level model (<see cref="ScenarioLockstep"/>):
/// runs of back-to-back tiles on one array never reset between runs, each run in a mode of its own, so the modes
/// switch between runs as the sequencer switches them between layers. Constrained is what the protocol fixes, the
/// tiles and their schedule; random is everything else:
/// <list type="bullet">
/// <item>the mode: zero gating, zero-vector skipping, 2:4 weights (weight-stationary), int8 or (16-bit builds) int16
///   operands;</item>
/// <item>the tiles: 1 to 6 a run, shapes from 1 up to past the array (partial tiles in every dimension, K up to 2R
///   with 2:4), loading while the tile before streams on a two-buffer build;</item>
/// <item>the operands: uniform, only extremes (-2^(W-1), 2^(W-1) - 1, -1, 0, 1, so -128 x -128 and int16's corners
///   meet), mostly zero, or all zero;</item>
/// <item>what the protocol leaves free, and resets in the middle of one run in eight (<see cref="StimulusTap"/>);</item>
/// <item>long runs: a build with narrow MAC counters (<see cref="RtlConfig.CounterWidth"/>) wraps them.</item>
/// </list>
/// The same build, seed and budget give the same stimulus. CI runs <see cref="CiRuns"/> runs on each of <see cref="Builds"/>;
/// the long budget is the same with more runs (<c>SIM_COSIM_BUDGET</c>, <c>SIM_COSIM_SEED</c> in
/// <c>ConstrainedRandomCosimTests</c>, or <c>sim coverage --runs N --seed S</c>).
/// </summary>
internal static class ConstrainedRandomCosim
{
    /// <summary>The runs a build gets in CI, from seed 1.</summary>
    public const int CiRuns = 1000;

    /// <summary>
    /// The builds the budget runs on, which between them have every feature: two weight buffers (loads overlapping
    /// streams), one buffer with an odd row count, int8 with 10-bit MAC counters that wrap, and the output-stationary
    /// array; 2:4 on every weight-stationary one.
    /// </summary>
    public static IReadOnlyList<RtlConfig> Builds { get; } =
    [
        new(6, 5, 16) { WeightBuffers = 2 },
        new(7, 5, 16),
        new(4, 4, 8) { CounterWidth = 10 },
        new(6, 6, 16) { OutputStationary = true },
    ];

    /// <param name="coverageFile">Where a <see cref="RtlConfig.Coverage"/> build writes the line and toggle coverage it counted; null writes none.</param>
    public static ConstrainedRandomResult Run(RtlConfig rtl, int seed, int runs, string? coverageFile = null)
    {
        var random = new Random(seed);
        StimulusTap? tap = null;
        using var lockstep = new ScenarioLockstep(rtl, pair => tap = new StimulusTap(pair, rtl, random));
        int tiles = 0, resets = 0;
        long edges = 0, mostMacs = 0;
        for (int run = 0; run < runs; run++)
        {
            var layer = RandomRun(random, rtl, run);
            tiles += layer.Tiles.Count;
            foreach (var tile in layer.Tiles) tap!.Coverage?.SampleTile(tile, layer.Features);
            bool reset = random.Next(8) == 0;
            if (reset) tap!.ResetAfter(random.Next(1, 3 * (rtl.Rows + rtl.Cols) + layer.Tiles.Sum(t => t.M)));
            var (cycles, mismatch) = lockstep.Run(layer);
            tap!.Disarm();
            if (reset && cycles == 0) resets++;
            edges += cycles;
            for (int c = 0; c < rtl.Cols; c++)
                mostMacs = Math.Max(mostMacs, lockstep.Ports.MacsActive[c] + lockstep.Ports.MacsGated[c]);
            if (mismatch is not null)
                return new ConstrainedRandomResult(run + 1, tiles, edges, resets, mostMacs,
                    $"constrained-random run {run} of seed {seed} on {rtl.Name} ({Describe(layer)}): {mismatch}");
        }
        if (coverageFile is not null) lockstep.WriteCoverage(coverageFile);
        return new ConstrainedRandomResult(runs, tiles, edges, resets, mostMacs, null) { Coverage = tap!.Coverage?.Points ?? [] };
    }

    private static string Describe(LayerRun run) =>
        $"{run.Datapath.Operands.Name()}, gating {run.Features.ZeroGating}, skipping {run.Features.SkipZeroVectors}, " +
        $"2:4 {run.Features.Structured24}, tiles {string.Join(" ", run.Tiles.Select(t => $"{t.M}x{t.K}x{t.N}"))}";

    private static LayerRun RandomRun(Random random, RtlConfig rtl, int index)
    {
        // 2:4 pairs rows: an odd array runs it on its row pairs, its last row idle (the hardware loader refuses such an
        // array, the Verilog one runs it, so the budget checks its last row stays out of the sums).
        int pairedRows = rtl.Rows / 2 * 2;
        bool structured = !rtl.OutputStationary && pairedRows > 0 && random.Next(3) == 0;
        var features = new PeArrayFeatures(random.Next(2) == 0, random.Next(2) == 0, structured);
        var operands = rtl.OperandWidth == 16 && random.Next(2) == 0 ? ElementFormat.Int16 : ElementFormat.Int8;
        var datapath = new PeDatapath(operands, ElementFormat.Int32);
        var jobs = new List<TileJob>();
        var places = new List<TileAt>();
        for (int t = random.Next(1, 7); t > 0; t--)
        {
            var (m, k, n) = rtl.OutputStationary
                ? (random.Next(1, rtl.Rows + 1), random.Next(1, 3 * rtl.Rows + 1), random.Next(1, rtl.Cols + 1))
                : (random.Next(1, 3 * rtl.Rows + 1), random.Next(1, (structured ? 2 * pairedRows : rtl.Rows) + 1), random.Next(1, rtl.Cols + 1));
            var a = Operands(random, operands, m * k);
            var w = Operands(random, operands, k * n);
            if (structured) Prune24(random, w, k, n);
            places.Add(new TileAt(jobs.Count, 0, 0, 0, 0, 0, 0, 0, m, k, n));
            jobs.Add(new TileJob(a, w, new int[m * n], m, k, n));
        }
        return new LayerRun($"random-{index}", features, datapath, jobs, places);
    }

    private static short[] Operands(Random random, ElementFormat format, int count)
    {
        short min = format == ElementFormat.Int16 ? short.MinValue : sbyte.MinValue;
        short max = format == ElementFormat.Int16 ? short.MaxValue : sbyte.MaxValue;
        short[] extremes = [min, max, -1, 0, 1];
        int style = random.Next(4);
        double zeros = style == 2 ? 0.5 + 0.45 * random.NextDouble() : 0;
        var values = new short[count];
        for (int i = 0; i < count; i++)
            values[i] = style switch
            {
                0 => (short)random.Next(min, max + 1),
                1 => extremes[random.Next(extremes.Length)],
                2 => random.NextDouble() < zeros ? (short)0 : (short)random.Next(min, max + 1),
                _ => 0,
            };
        return values;
    }

    /// <summary>Leaves at most two non-zeros in every aligned group of four K rows of each column: 2:4 weights.</summary>
    private static void Prune24(Random random, short[] weights, int k, int n)
    {
        for (int c = 0; c < n; c++)
            for (int g = 0; g < k; g += 4)
            {
                int keepA = random.Next(4), keepB = random.Next(4);
                for (int i = 0; i < 4 && g + i < k; i++)
                    if (i != keepA && i != keepB) weights[(g + i) * n + c] = 0;
            }
    }
}

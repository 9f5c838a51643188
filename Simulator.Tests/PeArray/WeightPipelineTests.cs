using Sim.Numerics;
using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>
/// Two weight buffers per PE (weight_buffers: 2): runs of tiles back to back on the register-level array,
/// against the fast model's numerics per tile and <see cref="WeightPipeline"/>'s cycles; a hand-worked run.
/// </summary>
public class WeightPipelineTests
{
    [Test]
    public void TwoTilesByHand()
    {
        // 4x4 array, two tiles of M = 10 vectors, K = 4, N = 4. Alone each takes 2R + M + N - 2 = 20 cycles.
        // Double-buffered: tile 0 loads at 0..3, streams from 4, ends at 4 + 10 + 4 + 4 - 2 = 20. Tile 1 loads
        // bank 1 at 4..7 (bank 1 is free), streams once tile 0's last vector entered row 0, at 14, and ends
        // at 14 + 10 + 4 + 4 - 2 = 30: it adds 10 cycles, 30 in all instead of 40.
        var pipeline = new WeightPipeline(4, 4);
        Assert.That(pipeline.Add(10, 4, 4), Is.EqualTo(20));
        Assert.That(pipeline.Add(10, 4, 4), Is.EqualTo(10));
        // A third tile reuses bank 0: tile 0's last vector leaves the last column at 4 + 9 + 3 + 3 = 19, so
        // its load runs 19..22, its stream starts at max(23, 24) = 24 and it ends at 40: again 10.
        Assert.That(pipeline.Add(10, 4, 4), Is.EqualTo(10));
        // A short tile (M = 2) on bank 1: loads at max(23, bank 1 free at 14 + 9 + 3 + 3 = 29) = 29, streams at
        // max(33, tile 2's vectors all in row 0 at 34) = 34, ends at 34 + 2 + 4 + 4 - 2 = 42: 2 cycles more.
        Assert.That(pipeline.Add(2, 4, 4), Is.EqualTo(2));

        var array = new SystolicArray(4, 4);
        var random = new Random(7);
        var jobs = Enumerable.Range(0, 4).Select(i => Job(random, i < 3 ? 10 : 2, 4, 4)).ToList();
        var stats = new TileDriver(array).RunSequence(PeArrayFeatures.None, PeDatapath.Int8, jobs);
        Assert.That(stats.Select(s => s.Cycles), Is.EqualTo(new long[] { 20, 10, 10, 2 }));
        foreach (var j in jobs)
        {
            var expected = new int[j.M * j.N];
            TileOperands.ReferenceMatMul(j.Activations, j.Weights, expected, j.M, j.K, j.N);
            Assert.That(j.Accumulators, Is.EqualTo(expected));
        }
    }

    public static IEnumerable<TestCaseData> Runs()
    {
        var random = new Random(0xB0F2);
        var datapaths = FormatEquivalenceTests.Datapaths().ToArray();
        for (int i = 0; i < 240; i++)
        {
            var features = new PeArrayFeatures(i % 2 == 0, i / 2 % 2 == 0, i / 4 % 2 == 0);
            var datapath = datapaths[random.Next(datapaths.Length)];
            int rows = 2 * random.Next(1, 7), cols = random.Next(1, 10);
            yield return new TestCaseData(features, datapath, rows, cols, random.Next(1, 6), i % 3 == 0, random.Next())
                .SetName($"#{i} {(features.ZeroGating ? "gate " : "")}{(features.SkipZeroVectors ? "skip " : "")}{(features.Structured24 ? "2:4 " : "")}{datapath} {rows}x{cols} {{4}} tiles{(i % 3 == 0 ? " full width" : "")}");
        }
    }

    [TestCaseSource(nameof(Runs))]
    public void FastModelMatchesRegisterLevelModelOverARun(PeArrayFeatures features, PeDatapath datapath, int rows, int cols,
        int tiles, bool fullWidth, int seed)
    {
        var random = new Random(seed);
        int kMax = features.Structured24 ? 2 * rows : rows;
        var jobs = new List<TileJob>();
        for (int t = 0; t < tiles; t++)
        {
            int m = random.Next(1, 3 * rows), k = random.Next(1, kMax + 1), n = fullWidth ? cols : random.Next(1, cols + 1);
            var a = SparsityEquivalenceTests.Sparse(random, datapath.Operands, m * k, new[] { 0.0, 0.5, 0.9 }[random.Next(3)]);
            var w = FormatEquivalenceTests.Operands(random, datapath.Operands, k * n);
            if (features.Structured24) SparsityEquivalenceTests.Prune24(random, w, k, n);
            jobs.Add(new TileJob(a, w, new int[m * n], m, k, n));
        }

        RunOfTiles.AssertAgrees(features, datapath, rows, cols, jobs, j => features.UsedRows(j.K), "run");
    }

    private static TileJob Job(Random random, int m, int k, int n) =>
        new(TileOperands.Random(random, m * k, ValueRange.Int8), TileOperands.Random(random, k * n, ValueRange.Int8), new int[m * n], m, k, n);
}

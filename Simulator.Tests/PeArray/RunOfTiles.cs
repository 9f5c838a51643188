using Sim.PeArray;

namespace Sim.Tests.PeArray;

/// <summary>A run of tiles back to back on the register-level array with two weight buffers, held to the fast model.</summary>
internal static class RunOfTiles
{
    /// <summary>
    /// Asserts each tile's cycles equal <see cref="WeightPipeline"/>'s schedule of the fast model's issued vectors
    /// through <paramref name="usedRows"/>, its outputs the fast model's, and (when every tile spans all columns,
    /// so the array's counters are the tiles') the run's MAC counts.
    /// </summary>
    public static void AssertAgrees(PeArrayFeatures features, PeDatapath datapath, int rows, int cols, IReadOnlyList<TileJob> jobs,
        Func<TileJob, int> usedRows, string label)
    {
        var array = new SystolicArray(rows, cols);
        var registerLevel = new TileDriver(array).RunSequence(features, datapath, jobs);
        var pipeline = new WeightPipeline(rows, cols);
        TileStats totals = default;
        for (int t = 0; t < jobs.Count; t++)
        {
            var j = jobs[t];
            var fast = new int[j.M * j.N];
            var stats = TileModel.Execute(features, datapath, rows, cols, j.Activations, j.Weights, fast, j.M, j.K, j.N);
            totals = totals.Plus(stats);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(registerLevel[t].Cycles, Is.EqualTo(pipeline.Add((int)stats.VectorsStreamed, usedRows(j), j.N)), $"{label} tile {t}: cycles");
                Assert.That(registerLevel[t].VectorsStreamed, Is.EqualTo(stats.VectorsStreamed), $"{label} tile {t}: vectors streamed");
                Assert.That(j.Accumulators, Is.EqualTo(fast), $"{label} tile {t}: outputs");
            }
        }
        if (jobs.Any(j => j.N != cols)) return;
        long Sum(ReadOnlySpan<long> counts) { long s = 0; foreach (long c in counts) s += c; return s; }
        Assert.That((Sum(array.MacsActive), Sum(array.MacsGated), Sum(array.MacsRepeated)),
            Is.EqualTo((totals.MacsActive, totals.MacsGated, totals.MacsRepeated)), $"{label}: MAC counts");
    }
}

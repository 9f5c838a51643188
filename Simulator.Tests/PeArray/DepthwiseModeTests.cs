using Sim.Config;
using Sim.PeArray;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.PeArray;

/// <summary>
/// Depthwise mode (<c>depthwise: channel_parallel</c>): each column takes its own channel's window from the
/// window bus. The fast model against the register-level array on random block-diagonal tiles, alone and back
/// to back with two weight buffers; MobileNetV2 on the 32x32 array, bit-exact, its depthwise layers' cycles by
/// hand and their utilisation.
/// </summary>
public class DepthwiseModeTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        int seed = 0xD3_0001;
        foreach (var datapath in FormatEquivalenceTests.Datapaths())
            for (int mode = 0; mode < 4; mode++)
                yield return new TestCaseData(datapath, new PeArrayFeatures(mode % 2 == 1, mode / 2 == 1, false), seed++)
                    .SetName($"{datapath}{(mode % 2 == 1 ? " gate" : "")}{(mode / 2 == 1 ? " skip" : "")}");
    }

    /// <summary>A block-diagonal tile: column c's window in K rows w x c .. w x c + w - 1, zeros elsewhere.</summary>
    private static TileJob Tile(Random random, PeDatapath datapath, int m, int window, int n)
    {
        int k = window * n;
        var a = SparsityEquivalenceTests.Sparse(random, datapath.Operands, m * k, new[] { 0.0, 0.5, 0.9 }[random.Next(3)]);
        var filters = SparsityEquivalenceTests.Sparse(random, datapath.Operands, window * n, 0.2);
        var w = new short[k * n];
        for (int c = 0; c < n; c++)
            for (int r = 0; r < window; r++)
                w[(window * c + r) * n + c] = filters[c * window + r];
        return new TileJob(a, w, new int[m * n], m, k, n);
    }

    [TestCaseSource(nameof(Cases))]
    public void FastModelMatchesRegisterLevelModel(PeDatapath datapath, PeArrayFeatures mode, int seed)
    {
        var random = new Random(seed);
        for (int tile = 0; tile < 100; tile++)
        {
            int rows = random.Next(1, 10), cols = random.Next(1, 8), window = random.Next(1, rows + 1);
            var features = mode with { DepthwiseWindow = window };
            var j = Tile(random, datapath, random.Next(1, 25), window, random.Next(1, cols + 1));
            var expected = new int[j.M * j.N];
            FormatEquivalenceTests.Reference(datapath, j.Activations, j.Weights, expected, j.M, j.K, j.N);
            var fast = new int[j.M * j.N];
            var fastStats = TileModel.Execute(features, datapath, rows, cols, j.Activations, j.Weights, fast, j.M, j.K, j.N);
            var registerStats = new TileDriver(new SystolicArray(rows, cols)).Run(features, datapath, j.Activations, j.Weights, j.Accumulators, j.M, j.K, j.N);
            string where = $"tile {tile}: {rows}x{cols} array, window {window}, M {j.M} N {j.N}";
            Assert.That(fastStats, Is.EqualTo(registerStats), $"{where}: cycles and MAC counts");
            Assert.That(j.Accumulators, Is.EqualTo(fast), $"{where}: outputs");
            Assert.That(fast, Is.EqualTo(expected), $"{where}: outputs against A x W");
            // Each issued vector meets w taps in each of the N_t columns: one MAC per PE of the window rows.
            Assert.That(fastStats.MacsActive + fastStats.MacsGated, Is.EqualTo(fastStats.VectorsStreamed * window * j.N), $"{where}: MACs");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void BackToBackWithTwoWeightBuffers(PeDatapath datapath, PeArrayFeatures mode, int seed)
    {
        var random = new Random(seed + 1000);
        for (int run = 0; run < 8; run++)
        {
            int rows = random.Next(2, 10), cols = random.Next(1, 8), window = random.Next(1, rows + 1);
            var features = mode with { DepthwiseWindow = window };
            var jobs = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Tile(random, datapath, random.Next(1, 20), window, cols)).ToList();
            RunOfTiles.AssertAgrees(features, datapath, rows, cols, jobs, _ => window, $"run {run}");
        }
    }

    private static RunSummary MobileNetV2(int weightBuffers)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios/zoo/mobilenetv2.yaml"));
        var hw = scenario.Hardware;
        return ScenarioRunner.Run(scenario with
        {
            Hardware = hw with { PeArray = hw.PeArray with { Depthwise = DepthwiseMode.ChannelParallel, WeightBuffers = weightBuffers } },
        });
    }

    [Test]
    public void MobileNetV2DepthwiseLayersRunChannelParallelBitExact()
    {
        var run = MobileNetV2(weightBuffers: 1);
        Assert.That(run.Layers.All(l => l.BitExact), Is.True);
        // b8_dw: 14 x 14 pixels, 384 channels, 3x3, stride 1: 12 groups of 32 channels, one tile each of M = 196 vectors
        // through the 32x32 array: 12 x (2 x 32 + 196 + 32 - 2) = 3,480 compute cycles (was 384 GEMMs of one column).
        Assert.That(run.Layers.Single(l => l.Name == "b8_dw").Timing.ComputeCycles, Is.EqualTo(12 * (2 * 32 + 196 + 32 - 2)));
    }

    [Test]
    public void MobileNetV2DepthwiseLayersUseAQuarterOfTheArrayWithTwoWeightBuffers()
    {
        var run = MobileNetV2(weightBuffers: 2);
        var depthwise = run.Layers.Where(l => l.Type == "depthwise").ToList();
        Assert.That(depthwise, Has.Count.EqualTo(17));
        Assert.That(run.Layers.All(l => l.BitExact), Is.True);
        // The PE array's utilisation while it computes: MACs over compute cycles x 1,024 PEs.
        double utilisation = depthwise.Sum(l => (double)l.Macs) / (depthwise.Sum(l => (double)l.Timing.ComputeCycles) * 1024);
        Assert.That(utilisation, Is.GreaterThanOrEqualTo(0.25));
    }
}

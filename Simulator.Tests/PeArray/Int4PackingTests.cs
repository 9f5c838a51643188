using Sim.Config;
using Sim.Numerics;
using Sim.PeArray;
using Sim.Run;
using Sim.Tests.Run;

namespace Sim.Tests.PeArray;

/// <summary>
/// int4 packing: two int4 MACs per PE per cycle. The fast model against the register-level array on random tiles
/// (every int4 datapath and sparsity mode, alone and back to back), and a layer's cycles by hand.
/// </summary>
public class Int4PackingTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        int seed = 0x1_4_4;
        foreach (var accumulator in PeDatapath.AccumulatorsFor(ElementFormat.Int4))
            for (int mode = 0; mode < 4; mode++)
                yield return new TestCaseData(new PeDatapath(ElementFormat.Int4, accumulator),
                        new PeArrayFeatures(mode % 2 == 1, mode / 2 == 1, false) { Int4Pairs = true }, seed++)
                    .SetName($"int4 x int4 -> {accumulator.Name()}{(mode % 2 == 1 ? " gate" : "")}{(mode / 2 == 1 ? " skip" : "")}");
    }

    [TestCaseSource(nameof(Cases))]
    public void FastModelMatchesRegisterLevelModel(PeDatapath datapath, PeArrayFeatures features, int seed)
    {
        var random = new Random(seed);
        for (int tile = 0; tile < 200; tile++)
        {
            int rows = random.Next(1, 9), cols = random.Next(1, 9);
            int m = random.Next(1, 25), k = random.Next(1, 2 * rows + 1), n = random.Next(1, cols + 1);
            var a = SparsityEquivalenceTests.Sparse(random, datapath.Operands, m * k, new[] { 0.0, 0.5, 0.9 }[random.Next(3)]);
            var w = SparsityEquivalenceTests.Sparse(random, datapath.Operands, k * n, 0.3);
            var expected = new int[m * n];
            FormatEquivalenceTests.Reference(datapath, a, w, expected, m, k, n);
            var fast = new int[m * n];
            var fastStats = TileModel.Execute(features, datapath, rows, cols, a, w, fast, m, k, n);
            var register = new int[m * n];
            var registerStats = new TileDriver(new SystolicArray(rows, cols)).Run(features, datapath, a, w, register, m, k, n);
            string where = $"tile {tile}: {rows}x{cols} array, M {m} K {k} N {n}";
            Assert.That(fastStats, Is.EqualTo(registerStats), $"{where}: cycles and MAC counts");
            Assert.That(register, Is.EqualTo(fast), $"{where}: outputs");
            Assert.That(fast, Is.EqualTo(expected), $"{where}: outputs against A x W");
            // ceil(K / 2) rows of two MAC slots each, the odd K's spare slot included.
            Assert.That(fastStats.MacsActive + fastStats.MacsGated, Is.EqualTo(fastStats.VectorsStreamed * 2 * ((k + 1) / 2) * n), $"{where}: MAC slots");
            if (fastStats.VectorsStreamed > 0)
                Assert.That(fastStats.Cycles, Is.EqualTo(2L * rows + fastStats.VectorsStreamed + n - 2), $"{where}: 2R + M' + N_t - 2");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void BackToBackWithTwoWeightBuffers(PeDatapath datapath, PeArrayFeatures features, int seed)
    {
        var random = new Random(seed + 500);
        for (int run = 0; run < 15; run++)
        {
            int rows = random.Next(1, 7), cols = random.Next(1, 7);
            var jobs = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
            {
                int m = random.Next(1, 15), k = random.Next(1, 2 * rows + 1);
                return new TileJob(SparsityEquivalenceTests.Sparse(random, datapath.Operands, m * k, 0.3),
                    SparsityEquivalenceTests.Sparse(random, datapath.Operands, k * cols, 0.3), new int[m * cols], m, k, cols);
            }).ToList();
            RunOfTiles.AssertAgrees(features, datapath, rows, cols, jobs, j => (j.K + 1) / 2, $"run {run}");
        }
    }

    [Test]
    public void PackingHalvesTheKChunksOfALayer()
    {
        // Y[100,16] = A[100,128] W[128,16], int4, on the 16x16 array (fixed mapping, M_t = 100). Unpacked: 128 / 16 = 8
        // K chunks of 2 x 16 + 100 + 16 - 2 = 146 cycles = 1,168. Packed: a PE row covers two K rows, so 4 chunks: 584.
        var hw = TestScenarios.Array16() with { NumberFormat = ElementFormat.Int4, Accumulator = ElementFormat.Int32,
            Mapper = new MapperConfig(MapperMode.Fixed, MapperObjective.Latency) };
        var layer = new GemmLayer("g", 100, 128, 16);
        var plain = ScenarioRunner.Run(TestScenarios.OneAtATime(hw, layer)).Layers[0];
        var packed = ScenarioRunner.Run(TestScenarios.OneAtATime(hw with { PeArray = hw.PeArray with { Int4Packing = true } }, layer)).Layers[0];
        Assert.That((plain.BitExact, packed.BitExact), Is.EqualTo((true, true)));
        Assert.That(packed.OutputSha256, Is.EqualTo(plain.OutputSha256));
        Assert.That(plain.Timing.ComputeCycles - plain.Timing.ConflictCycles, Is.EqualTo(8 * 146));
        Assert.That(packed.Timing.ComputeCycles - packed.Timing.ConflictCycles, Is.EqualTo(4 * 146));
    }
}

using Sim.Config;
using Sim.Numerics;
using Sim.Run;

namespace Sim.Tests.Run;

/// <summary>Sparsity features through whole runs: results identical with each feature on and off, cycles never higher.</summary>
public class SparsityRunTests
{
    private static readonly LayerData Sparse = new(ActivationDensity: 0.1, WeightDensity: null, WeightPruning.TwoOfFour);

    private static RunSummary Run(SparsityConfig sparsity, ElementFormat format) =>
        ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16() with { Sparsity = sparsity },
            TestScenarios.Conv("conv", c: 8, h: 12, w: 12, oc: 20, k: 3, pad: 1) with { Data = Sparse, Format = new(format, null, null) },
            TestScenarios.Conv("dw", c: 16, h: 10, w: 10, oc: 16, k: 3, groups: 16) with { Data = Sparse, Format = new(format, null, null) },
            new GemmLayer("fc", 40, 70, 40) { Data = Sparse, Format = new(format, null, null) }));

    public static IEnumerable<TestCaseData> Cases()
    {
        SparsityConfig[] features =
        [
            SparsityConfig.None with { ZeroGating = true },
            SparsityConfig.None with { ZeroSkipping = ZeroSkipping.Vector },
            SparsityConfig.None with { Structured24 = true },
            SparsityConfig.None with { Compression = Compression.Bitmap },
            new(true, ZeroSkipping.Vector, true, Compression.Bitmap),
        ];
        foreach (var f in new[] { ElementFormat.Int8, ElementFormat.Int4, ElementFormat.Fp8E4M3, ElementFormat.Bf16 })
            for (int i = 0; i < features.Length; i++)
                yield return new TestCaseData(features[i], f).SetName($"{f.Name()} feature set {i}");
    }

    [TestCaseSource(nameof(Cases))]
    public void FeatureChangesNoResultAndNeverCostsCycles(SparsityConfig sparsity, ElementFormat format)
    {
        var off = Run(SparsityConfig.None, format);
        var on = Run(sparsity, format);
        Assert.That(on.Layers.Select(l => l.Mismatch), Is.All.Null);
        for (int i = 0; i < off.Layers.Count; i++)
        {
            var (a, b) = (off.Layers[i], on.Layers[i]);
            Assert.That(b.MaxAbsError, Is.EqualTo(a.MaxAbsError), $"{a.Name}: same outputs, same error");
            Assert.That(b.Timing.ComputeCycles, Is.LessThanOrEqualTo(a.Timing.ComputeCycles), a.Name);
            Assert.That(b.DramBytesRead, Is.LessThanOrEqualTo(a.DramBytesRead), a.Name);
            if (sparsity.Structured24)
                Assert.That(b.Structured24, Is.True, $"{a.Name}: pruned weights run 2:4");
            if (sparsity.ZeroGating)
                Assert.That(b.MacsGated, Is.GreaterThan(0), a.Name);
        }
        if (sparsity.Structured24)
            Assert.That(on.Layers[2].Timing.ComputeCycles, Is.LessThan(off.Layers[2].Timing.ComputeCycles), "fc: K 70 in 3 chunks of 32 instead of 5 of 16");
        if (sparsity.ZeroSkipping == ZeroSkipping.Vector)
            Assert.That(on.Layers[1].VectorsSkipped, Is.GreaterThan(0), "depthwise K = 9 at 10% density: many all-zero vectors");
    }
}

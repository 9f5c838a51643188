using Sim.Config;
using Sim.Numerics;
using Sim.PeArray;
using Sim.Cosim;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;
using Sim.Tests.Run;

namespace Sim.Tests.Cosim;

/// <summary>
/// The default scenario's conv and gemm layers (scenarios/resnet50-layers.yaml) on the 16x16 int8
/// array, cut into tiles by the project's own mapper and filled with the data <c>sim run</c> gives
/// them: every tile of every layer on the RTL must equal the fast model in outputs and cycles.
/// </summary>
[Category("Cosim")]
public class ScenarioTileTests
{
    [Test]
    public void ALayerInItsOwnWiderFormatTakesTheSixteenBitBuild()
    {
        // int8 hardware: int8 and int4 layers fit the 8-bit build; a layer of its own int16 or uint8 (9 bits less
        // its zero point) needs the 16-bit one, which then runs every layer (it used to crash on the 8-bit one).
        var hw = TestScenarios.Array16();
        var g8 = new GemmLayer("g8", 4, 8, 4);
        Assert.That(ScenarioCosim.RtlFor(TestScenarios.Of(hw, g8, g8 with { Name = "g4", Format = new LayerFormatOverride(ElementFormat.Int4, null, null) })).OperandWidth, Is.EqualTo(8));
        Assert.That(ScenarioCosim.RtlFor(TestScenarios.Of(hw, g8, g8 with { Name = "g16", Format = new LayerFormatOverride(ElementFormat.Int16, null, null) })).OperandWidth, Is.EqualTo(16));
        Assert.That(ScenarioCosim.RtlFor(TestScenarios.Of(hw, g8 with { Format = new LayerFormatOverride(ElementFormat.Uint8, null, null) })).OperandWidth, Is.EqualTo(16));
    }

    [Test]
    public void EveryTileOfTheDefaultScenarioMatchesOnTheRtl()
    {
        var scenario = ScenarioLoader.Load(
            Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "resnet50-layers.yaml"),
            Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-int8.yaml"));
        Assert.That(ScenarioCosim.RtlFor(scenario.Hardware), Is.EqualTo(RtlBuilds.Int8Array16));

        var results = ScenarioCosim.Run(scenario);

        Assert.That(results.Select(r => r.Layer), Is.EqualTo(new[]
        {
            "conv1", "res2_1x1", "res2_3x3", "res3_1x1", "res3_3x3", "res4_1x1", "res4_3x3", "res5_1x1", "res5_3x3", "fc",
        }));
        foreach (var layer in results)
        {
            Assert.That(layer.Mismatch, Is.Null);
            Assert.That(layer.RtlCycles, Is.EqualTo(layer.FastCycles), layer.Layer);
            TestContext.Out.WriteLine($"{layer.Layer}: {layer.Tiles} tiles, {layer.RtlCycles:N0} cycles, RTL {layer.RtlTime.TotalSeconds:0.00} s");
        }
    }

    /// <summary>
    /// The project's default hardware, ws-32x32-int8, cosimulated as <c>sim cosim</c> runs it: the MobileNet blocks
    /// (pointwise, depthwise, grouped) every tile alone on the 32x32 RTL against the fast model, and all five layers
    /// back to back in lockstep with the register-level model, never reset. With one weight buffer the back-to-back
    /// run overlaps each load with the tile before's drain only, so each layer's cycles there are within a drain
    /// (R + C edges a tile) of the sum of its lone tiles'.
    /// </summary>
    [Test]
    public void TheDefaultThirtyTwoByThirtyTwoHardwareCosimulatesBackToBack()
    {
        var scenario = ScenarioLoader.Load(
            Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "mobilenet-blocks.yaml"),
            Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8.yaml"));
        Assert.That(ScenarioCosim.RtlFor(scenario), Is.EqualTo(new RtlConfig(32, 32, 8)));

        var results = ScenarioCosim.Run(scenario);

        Assert.That(results.Select(r => r.Layer), Is.EqualTo(new[] { "expand", "dw3x3", "project", "grouped", "head" }));
        foreach (var layer in results)
        {
            Assert.That(layer.Mismatch, Is.Null);
            Assert.That(layer.RtlCycles, Is.EqualTo(layer.FastCycles), layer.Layer);
            Assert.That(layer.BackToBackCycles, Is.InRange(layer.FastCycles - (long)layer.Tiles * 64, layer.FastCycles + (long)layer.Tiles * 64), layer.Layer);
        }
    }

    /// <summary>
    /// Sparse hardware (zero gating, zero-vector skipping, 2:4) on the 16x16 int8 RTL: layers with 2:4-pruned
    /// weights and 10 % dense activations, every tile equal on the RTL and the fast model, and the RTL's MAC
    /// classes and skipped vectors, summed over the tiles, equal to what <c>sim run</c> reports for the layer.
    /// </summary>
    [Test]
    public void SparseLayersMatchOnTheRtlAndAgreeWithTheRun()
    {
        var sparse = new LayerData(ActivationDensity: 0.1, WeightDensity: null, WeightPruning.TwoOfFour);
        var hw = TestScenarios.Array16() with { Sparsity = new SparsityConfig(true, ZeroSkipping.Vector, true, Compression.Bitmap) };
        var scenario = TestScenarios.Of(hw,
            TestScenarios.Conv("conv", c: 8, h: 12, w: 12, oc: 20, k: 3, pad: 1) with { Data = sparse },
            TestScenarios.Conv("dw", c: 16, h: 10, w: 10, oc: 16, k: 3, groups: 16) with { Data = sparse },
            new GemmLayer("fc", 40, 70, 40) { Data = sparse },
            new GemmLayer("fc_dense", 20, 40, 24));

        var results = ScenarioCosim.Run(scenario);
        var run = ScenarioRunner.Run(scenario);

        Assert.That(results.Select(r => r.Structured24), Is.EqualTo(new[] { true, true, true, false }));
        AssertAgreesWithTheRun(results, run, "vectors skipped");
        Assert.That(run.Layers.Single(l => l.Name == "dw").VectorsSkipped, Is.GreaterThan(0));
    }

    /// <summary>
    /// Output-stationary hardware (5x3, zero gating and zero-step skipping) on the output-stationary RTL: every tile
    /// equal on the RTL and the fast model, and the RTL's MAC classes and issued K steps, summed over the tiles,
    /// equal to what <c>sim run</c> reports for the layer (its MACs, and K steps issued plus skipped = the plan's).
    /// </summary>
    [Test]
    public void OutputStationaryLayersMatchOnTheRtlAndAgreeWithTheRun()
    {
        var sparse = new LayerData(ActivationDensity: 0.3, WeightDensity: 0.5, WeightPruning.None);
        var hw = TestScenarios.Array16() with
        {
            PeArray = new PeArrayConfig(5, 3, Dataflow.OutputStationary, 1000),
            Sparsity = new SparsityConfig(true, ZeroSkipping.Vector, false, Compression.None),
        };
        var scenario = TestScenarios.Of(hw,
            TestScenarios.Conv("conv", c: 4, h: 6, w: 6, oc: 7, k: 3, pad: 1) with { Data = sparse },
            TestScenarios.Conv("dw", c: 5, h: 6, w: 6, oc: 5, k: 3, groups: 5),
            new GemmLayer("fc", 12, 33, 7) { Data = sparse });
        Assert.That(ScenarioCosim.RtlFor(hw), Is.EqualTo(RtlBuilds.OsInt8Array5x3));

        var results = ScenarioCosim.Run(scenario);
        var run = ScenarioRunner.Run(scenario);

        AssertAgreesWithTheRun(results, run, "K steps skipped");
        Assert.That(results.Select(r => r.Layer), Is.EqualTo(new[] { "conv", "dw", "fc" }));
        Assert.That(run.Layers.Sum(l => l.VectorsSkipped), Is.GreaterThan(0));
    }

    /// <summary>Every layer equal on the RTL and the fast model, and its RTL MAC classes those <c>sim run</c> reports (some gated).</summary>
    private static void AssertAgreesWithTheRun(List<LayerCosimResult> results, RunSummary run, string skipped)
    {
        foreach (var layer in results)
        {
            var expected = run.Layers.Single(l => l.Name == layer.Layer);
            Assert.That(layer.Mismatch, Is.Null);
            Assert.That(layer.RtlCycles, Is.EqualTo(layer.FastCycles), layer.Layer);
            Assert.That((layer.RtlStats.MacsActive, layer.RtlStats.MacsGated, layer.RtlStats.MacsRepeated),
                Is.EqualTo((expected.MacsActive, expected.MacsGated, expected.MacsRepeated)), layer.Layer);
            Assert.That(layer.RtlStats.MacsGated, Is.GreaterThan(0), layer.Layer);
            TestContext.Out.WriteLine($"{layer.Layer}: {layer.Tiles} tiles, {layer.RtlStats}, {expected.VectorsSkipped} {skipped}");
        }
    }
}

using Sim.Config;
using Sim.Cosim;
using Sim.Tests.Config;

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
}

using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.Noc;

/// <summary>
/// The scale-out target: the representative ResNet-50 layers at batch 8 on the 4-core example (2x2 mesh, four DDR4-2400
/// channels) give at least three times the throughput of one of its cores with the same memory, bit-exact and with the
/// same output bits.
/// </summary>
public class BatchThroughputTests
{
    [Test]
    public void FourCoresGiveThreeTimesTheThroughputOfOneAtBatchEight()
    {
        string root = ConfigTestSupport.RepoRoot;
        var four = HardwareLoader.Load(Path.Combine(root, "configs", "ws-32x32-int8-4core.yaml"));
        var scenario = ScenarioLoader.Load(Path.Combine(root, "scenarios", "resnet50-layers-batch8.yaml")) with { Hardware = four };
        Assert.That(scenario.Batch, Is.EqualTo(8));
        Assert.That(scenario.Layers.OfType<Conv2DLayer>().Select(c => c.Batch), Is.All.EqualTo(8));
        var multi = ScenarioRunner.Run(scenario);
        var single = ScenarioRunner.Run(scenario with { Hardware = four with { Cores = 1 } });
        Assert.That(multi.AllBitExact && single.AllBitExact, Is.True);
        Assert.That(multi.Layers.Select(l => l.OutputSha256), Is.EqualTo(single.Layers.Select(l => l.OutputSha256)));
        // Throughput is the batch over the latency: 8 x 10^6 / latency in us.
        Assert.That(multi.InferencesPerSecond, Is.EqualTo(8e6 / multi.LatencyMicroseconds).Within(1e-9));
        Assert.That(multi.InferencesPerSecond, Is.GreaterThanOrEqualTo(3 * single.InferencesPerSecond));
    }
}

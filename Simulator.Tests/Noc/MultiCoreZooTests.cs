using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.Noc;

/// <summary>
/// Every network of the zoo on 1, 2 and 4 cores (a 2x2 mesh for four): every layer bit-exact against the golden
/// model, and every layer's output hash the same whatever the cores. To keep CI short each network runs its first
/// layers (a consistent subset: layers read only layers before them): AlexNet's first 8, BERT-base's first 12,
/// MobileNetV2's first 20 (depthwise included), ResNet-50's first 16 (the first two bottlenecks, projection and
/// residual adds), VGG-16's first 3.
/// </summary>
public class MultiCoreZooTests
{
    [TestCase("alexnet.yaml", 8)]
    [TestCase("bert-base-layer.yaml", 12)]
    [TestCase("mobilenetv2.yaml", 20)]
    [TestCase("resnet50.yaml", 16)]
    [TestCase("vgg16.yaml", 3)]
    public void EveryLayerIsBitExactOnOneTwoAndFourCores(string file, int layers)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "zoo", file));
        scenario = scenario with { Layers = scenario.Layers.Take(layers).ToArray() };
        var runs = new[] { 1, 2, 4 }.Select(cores => ScenarioRunner.Run(scenario with { Hardware = scenario.Hardware with { Cores = cores } })).ToArray();
        foreach (var run in runs)
            Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty);
        Assert.That(runs[1].Layers.Select(l => l.OutputSha256), Is.EqualTo(runs[0].Layers.Select(l => l.OutputSha256)));
        Assert.That(runs[2].Layers.Select(l => l.OutputSha256), Is.EqualTo(runs[0].Layers.Select(l => l.OutputSha256)));
        Assert.That(runs[2].Layers.Where(l => l.Unit == "pe_array").Select(l => l.Cores!.Compute.Count), Is.All.EqualTo(4));
    }
}

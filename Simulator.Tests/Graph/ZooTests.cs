using Sim.Config;
using Sim.Run;
using Sim.Scenarios;

namespace Sim.Tests.Graph;

/// <summary>The network zoo (scenarios/zoo/): every file loads and validates; a small network runs end to end bit-exact.</summary>
[TestFixture]
public class ZooTests
{
    private static string Zoo => Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../scenarios/zoo"));

    private static IEnumerable<string> Files => Directory.GetFiles(
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../scenarios/zoo")), "*.yaml").Select(Path.GetFileName).Order()!;

    [TestCaseSource(nameof(Files))]
    public void LoadsAndValidates(string file)
    {
        var s = ScenarioLoader.Load(Path.Combine(Zoo, file));
        Assert.That(s.Layers, Is.Not.Empty);
        // The special-function unit's scenario runs float activations; every other network is int8.
        Assert.That(s.Hardware.NumberFormat, Is.EqualTo(file.EndsWith("-sfu.yaml") ? Sim.Numerics.ElementFormat.Bf16 : Sim.Numerics.ElementFormat.Int8));
    }

    [Test]
    public void TheZooHasItsNetworksWithThePublishedLayerCounts()
    {
        int Count(string file, Func<LayerSpec, bool> which) => ScenarioLoader.Load(Path.Combine(Zoo, file)).Layers.Count(which);
        Assert.Multiple(() =>
        {
            Assert.That(Count("resnet50.yaml", l => l is Conv2DLayer), Is.EqualTo(53));
            Assert.That(Count("resnet50.yaml", l => l is GemmLayer), Is.EqualTo(1));
            Assert.That(Count("vgg16.yaml", l => l is Conv2DLayer), Is.EqualTo(13));
            Assert.That(Count("vgg16.yaml", l => l is GemmLayer), Is.EqualTo(3));
            Assert.That(Count("alexnet.yaml", l => l is Conv2DLayer), Is.EqualTo(5));
            Assert.That(Count("mobilenetv2.yaml", l => l is Conv2DLayer { Groups: > 1 }), Is.EqualTo(17), "one depthwise conv per bottleneck");
            Assert.That(Count("bert-base-layer.yaml", l => l is GemmLayer), Is.EqualTo(3 + 12 + 12 + 1 + 2));
            Assert.That(Count("bert-base-layer-sfu.yaml", l => l is GemmLayer), Is.EqualTo(3 + 12 + 12 + 1 + 2));
            Assert.That(Count("bert-base-layer-sfu.yaml", l => l is FunctionLayer { Function: "softmax" }), Is.EqualTo(12), "one softmax per head");
            Assert.That(Count("bert-base-layer-sfu.yaml", l => l is FunctionLayer { Function: "layernorm" }), Is.EqualTo(2));
            Assert.That(Count("bert-base-layer-sfu.yaml", l => l is FunctionLayer { Function: "gelu" }), Is.EqualTo(1));
        });
        var resnet = ScenarioLoader.Load(Path.Combine(Zoo, "resnet50.yaml"));
        long macs = resnet.Layers.OfType<Conv2DLayer>().Sum(c => Sim.Mapping.GemmShape.Of(c).Macs) + 2048 * 1000;
        Assert.That(macs / 1e9, Is.EqualTo(4.09).Within(0.03), "ResNet-50 v1.5: about 4.1 G MACs");
    }

    [Test]
    public void AlexNetRunsBitExactEndToEnd()
    {
        var s = ScenarioLoader.Load(Path.Combine(Zoo, "alexnet.yaml"));
        var run = ScenarioRunner.Run(s);
        Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty);
        Assert.That(run.Layers, Has.Count.EqualTo(11));
        Assert.That(run.TotalMacs, Is.GreaterThan(700_000_000));
    }
}

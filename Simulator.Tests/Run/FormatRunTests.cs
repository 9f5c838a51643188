using Sim.Config;
using Sim.Numerics;
using Sim.Run;

namespace Sim.Tests.Run;

/// <summary>Every operand format (and the narrow accumulators) runs bit-exact through the whole pipeline.</summary>
public class FormatRunTests
{
    public static IEnumerable<TestCaseData> Formats()
    {
        foreach (var f in Sim.PeArray.PeDatapath.OperandFormats)
            foreach (var acc in Sim.PeArray.PeDatapath.AccumulatorsFor(f))
                yield return new TestCaseData(f, acc).SetName($"{f.Name()} operands, {acc.Name()} accumulator");
    }

    [TestCaseSource(nameof(Formats))]
    public void ConvAndGemmRunBitExact(ElementFormat operands, ElementFormat accumulator)
    {
        var format = new LayerFormatOverride(operands, accumulator, null);
        var scenario = TestScenarios.Of(TestScenarios.Array16(),
            TestScenarios.Conv("conv", c: 5, h: 11, w: 9, oc: 20, k: 3, stride: 1, pad: 1) with { Format = format },
            TestScenarios.Conv("grouped", c: 8, h: 7, w: 7, oc: 8, k: 3, groups: 2) with { Format = format },
            new GemmLayer("fc", 3, 70, 40) { Format = format });

        var run = ScenarioRunner.Run(scenario);

        Assert.That(run.Layers.Select(l => l.Mismatch), Is.All.Null);
        Assert.That(run.Layers.Select(l => l.Format), Is.All.EqualTo($"{operands.Name()}/{accumulator.Name()}/{operands.Name()}"));
        if (accumulator is ElementFormat.Int32 && operands != ElementFormat.Int16)
            Assert.That(run.Layers.Select(l => l.MaxUlpError), Is.All.LessThanOrEqualTo(0.5 + 1e-9), "requantisation rounds once");
        Assert.That(run.Layers.Select(l => l.MaxAbsError), Is.All.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Int4HalvesOperandTraffic()
    {
        var int8 = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(), new GemmLayer("fc", 16, 64, 32)));
        var int4 = ScenarioRunner.Run(TestScenarios.Of(TestScenarios.Array16(),
            new GemmLayer("fc", 16, 64, 32) { Format = new LayerFormatOverride(ElementFormat.Int4, null, null) }));
        // A 16x64 input up the link (1024 bytes at int8, half at int4) and 64x32 weights preloaded (2048
        // bytes, half at int4); outputs 16x32, int4 two a byte.
        Assert.That(int8.Layers[0].LinkBytesToDevice, Is.EqualTo(1024));
        Assert.That(int4.Layers[0].LinkBytesToDevice, Is.EqualTo(512));
        Assert.That(int8.Setup!.WeightBytes, Is.EqualTo(2048));
        Assert.That(int4.Setup!.WeightBytes, Is.EqualTo(1024));
        Assert.That(int4.Layers[0].LinkBytesToHost, Is.EqualTo(256));
        Assert.That(int4.Layers[0].DramBytesRead, Is.EqualTo(int8.Layers[0].DramBytesRead / 2));
    }
}

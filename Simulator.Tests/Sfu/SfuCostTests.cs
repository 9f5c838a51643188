using Sim.Config;
using Sim.Energy;
using Sim.Numerics;
using Sim.Sfu;
using Sim.Tests.Config;
using static Sim.Tests.Sfu.SfuTestSupport;

namespace Sim.Tests.Sfu;

/// <summary>The SFU's cycles and energy recomputed by hand.</summary>
[TestFixture]
public class SfuCostTests
{
    [Test]
    public void CyclesOfSmallTensors()
    {
        // 4 KiB input scratchpad: chunks of half of it, 512 fp32 elements. 100 elements on 16 lanes: ceil(100 / 16) = 7
        // cycles and 4 of pipeline. 1,000 elements: 512 (32 + 4) and 488 (31 + 4).
        var sfu = new SpecialFunctionUnit(Default, 4096);
        Assert.That(sfu.Steps(100).Select(s => s.ComputeCycles), Is.EqualTo(new long[] { 11 }));
        Assert.That(sfu.Steps(1000).Select(s => s.ComputeCycles), Is.EqualTo(new long[] { 36, 35 }));
        Assert.That(sfu.Steps(1000).Select(s => s.Activations.Bytes), Is.EqualTo(new long[] { 2048, 1952 }));
    }

    [Test]
    public void EnergyOfLookupsByHand()
    {
        using var dir = new TempConfigDir();
        var hw = HardwareLoader.Load(dir.Write("hw.yaml", ConfigTestSupport.Hardware +
            "sfu: { lanes: 16, lut_entries: 256, interpolation: linear, table_format: bf16, functions: [exp] }\n"));
        // 256 bf16 entries = 512 bytes, priced at the 8 KiB point: 10 pJ per 64 bits; linear reads two entries, 32 bits: 5 pJ.
        // One bf16 MAC, 1.70 pJ; the range reduction, 0.1 pJ. 6.8 pJ an element, 680 pJ for 100.
        var e = EnergyModel.Evaluate(hw.Energy, hw, new LayerActions("int8", default, default, default, default, 0, 0, 0, 0, 0, 0) { SfuLookups = 100 });
        var sfu = e.Components.Single(c => c.Component == "sfu");
        Assert.That(sfu.TotalPj, Is.EqualTo(680).Within(1e-9));
        Assert.That(sfu.ActionCounts, Is.EqualTo("table reads 100; interpolations 100; range reductions 100"));

        var nearest = hw with { Sfu = hw.Sfu! with { Interpolation = SfuInterpolation.Nearest, TableFormat = ElementFormat.Fp32 } };
        // Nearest, fp32: one 4-byte entry, 5 pJ; no MAC; 5.1 pJ an element.
        Assert.That(EnergyModel.Evaluate(hw.Energy, nearest, new LayerActions("int8", default, default, default, default, 0, 0, 0, 0, 0, 0) { SfuLookups = 100 })
            .Components.Single(c => c.Component == "sfu").TotalPj, Is.EqualTo(510).Within(1e-9));
    }

    [Test]
    public void HardwareWithoutAnSfuPricesNoLookups()
    {
        using var dir = new TempConfigDir();
        var hw = HardwareLoader.Load(dir.Write("hw.yaml", ConfigTestSupport.Hardware));
        var e = EnergyModel.Evaluate(hw.Energy, hw, new LayerActions("int8", default, default, default, default, 0, 0, 0, 0, 0, 0));
        Assert.That(e.Components.Single(c => c.Component == "sfu").TotalPj, Is.Zero);
    }
}

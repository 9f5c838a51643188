using Sim.Config;
using Sim.Memory.Dram;
using Sim.Tests.Config;

namespace Sim.Tests.Memory;

/// <summary>A DRAM file's currents must give every activate and refresh a positive energy above standby.</summary>
public class DramPowerValidationTests
{
    private static string Preset(string name) => File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", name + ".yaml"));

    [Test]
    public void Ddr5sVddCurrentsAloneAreRefused()
    {
        // DDR5-4800, VDD only (Micron 16Gb die rev A): 122 x 116 = 14,152 mA-cycles of IDD0 over tRC, below
        // 142 x 77 + 92 x 39 = 14,522 of standby: the activates' VPP rail is missing.
        using var dir = new TempConfigDir();
        string path = dir.Write("ddr5.yaml", Preset("ddr5-4800") +
            "power:\n  devices_per_rank: 4\n  rails:\n    - { volts: 1.1, idd0: 122, idd2n: 92, idd3n: 142, idd5: 277 }\n");
        var e = Assert.Throws<InputError>(() => DramConfigLoader.Load(path))!;
        Assert.That(e.Message, Does.Contain("power.rails: an activate would cost no energy above standby"));
        Assert.That(e.Line, Is.GreaterThan(0));
    }

    [Test]
    public void ARefreshCurrentBelowStandbyIsRefused()
    {
        using var dir = new TempConfigDir();
        string path = dir.Write("ddr4.yaml", Preset("ddr4-2400").Replace("idd5: 250", "idd5: 40"));
        Assert.That(Assert.Throws<InputError>(() => DramConfigLoader.Load(path))!.Message,
            Does.Contain("power.rails[0].idd5: expected at least idd3n (43 mA): refresh draws more than active standby"));
    }

    [Test]
    public void TheDdr5PresetLoadsWithoutCurrentsAndRunsAtItsPeak()
    {
        var ddr5 = DramPresets.Load("ddr5-4800");
        Assert.That(ddr5.Power, Is.Null);
        // 4800 MT/s on 32 bits: 19.2 GB/s a subchannel.
        Assert.That(ddr5.PeakGBps, Is.EqualTo(19.2).Within(1e-9));
    }
}

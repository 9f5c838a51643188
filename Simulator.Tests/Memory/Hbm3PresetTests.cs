using Sim.Config;
using Sim.Memory.Dram;
using Sim.Tests.Config;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>
/// The HBM3 preset: Ramulator 2.0's HBM3_6400Mbps timings (tCK 0.625 ns) on 32 pseudo-channels, each a 32-bit
/// bus moving BL8 (32 bytes) in 2 clocks; no datasheet currents.
/// </summary>
public class Hbm3PresetTests
{
    private static readonly DramConfig Hbm3 = Preset("hbm3");

    [Test]
    public void ThePresetCarriesRamulatorsHbm3Figures()
    {
        // CL 20, CWL 10, tRCD(RD) 31, tRP 26, tRAS 45, tRC 72, tCCD_S/L 2/4, tRRD_S/L 4/5, tFAW 24, tWR 33,
        // tWTR_S/L 7/10, tRTP 9, tRFC 260 ns / 0.625 = 416, tREFI 3.9 us / 0.625 = 6240, 2 data cycles, no ranks.
        Assert.That(Hbm3.Timings, Is.EqualTo(new DramTimings(20, 10, 31, 26, 45, 72, 2, 4, 4, 5, 24, 33, 7, 10, 9, 416, 6240, 2, 0)));
        Assert.That(Hbm3.Organization, Is.EqualTo(new DramOrganization(1, 4, 4, 16384, 1024, 64, 4, 32)));
        Assert.That(Hbm3.Standard, Is.EqualTo(DramStandard.Hbm3));
        Assert.That(Hbm3.Power, Is.Null, "no source for HBM3 currents: none are invented");
        // 1024 pins x 6.4 Gb/s / 8 = 819.2 GB/s: 32 pseudo-channels x 32 bytes every 2 cycles of 1.6 GHz.
        Assert.That(Hbm3.PeakGBps, Is.EqualTo(819.2).Within(1e-9));
    }

    [Test]
    public void AClosedBankReadTakesTrcdPlusClPlusTheBurst()
    {
        // ACT at 0, READ at tRCD = 31, data from 31 + CL = 51 for 2 cycles: done at 53 (33.1 ns).
        var result = new DramTraceRunner(Hbm3).Run(Reads([0L]));
        Assert.That(result.TotalCycles, Is.EqualTo(53));
    }

    [Test]
    public void AStreamOverThePseudoChannelsNearsPeak()
    {
        // Consecutive 32-byte bursts go to consecutive pseudo-channels, each streaming one burst every
        // tCCD_S = 2 cycles (bank groups alternate): peak, less refresh (416 / 6240 = 6.7 %).
        var result = new DramTraceRunner(Hbm3).Run(Reads(Enumerable.Range(0, 200_000).Select(i => i * 32L)));
        Assert.That(result.BandwidthGBps, Is.InRange(0.85 * 819.2, 819.2));
    }

    [Test]
    public void HardwareOnHbm3NeedsAnEnergyTableWithHbm3Figures()
    {
        using var dir = new TempConfigDir();
        string hw = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8-hbm2.yaml"))
            .Replace("dram: hbm2", "dram: hbm3");
        var e = Assert.Throws<InputError>(() => HardwareLoader.Load(dir.Write("hw.yaml", hw)))!;
        Assert.That(e.Message, Does.Contain("has no DRAM figures for hbm3 (the standard of DRAM 'hbm3')"));
    }
}

using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.Energy;

/// <summary>DRAM energy from the parts' datasheet currents (configs/dram/*.yaml, power:), worked by hand.</summary>
public class DramEnergyTests
{
    private static RunSummary Run(string hardware) => ScenarioRunner.Run(ScenarioLoader.Load(
        Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "resnet50-layers.yaml"),
        Path.Combine(ConfigTestSupport.RepoRoot, "configs", hardware + ".yaml")));

    private static double DramPj(RunSummary run) =>
        run.Layers.Sum(l => l.Energy.Components.Single(c => c.Component == "dram").TotalPj);

    /// <summary>bits x pJ/bit + activates x E_act + refreshes x E_ref + background mW x ns, from the run's own counters.</summary>
    private static double Expected(RunSummary run, double pjPerBit, double activatePj, double refreshPj, double backgroundMw)
    {
        double bits = run.Layers.Sum(l => (double)(l.DramBytesRead + l.DramBytesWritten)) * 8;
        // Fused layers have no DRAM counters of their own: their traffic is in the layer they ran in.
        long activates = run.Layers.Sum(l => l.Dram?.Activates ?? 0), refreshes = run.Layers.Sum(l => l.Dram?.Refreshes ?? 0);
        // Each layer's static energy covers the cycles charged to it alone; together, the whole run (1 GHz core).
        double ns = run.Layers.Sum(l => (double)(l.Cycles - l.Timing.OverlapCycles));
        return bits * pjPerBit + activates * activatePj + refreshes * refreshPj + backgroundMw * ns;
    }

    [Test]
    public void Ddr4FromItsCurrents()
    {
        // DDR4-2400 x8 (DRAMSim3's DDR4_8Gb_x8_2400): 1.2 V; IDD0 48, IDD2N 34, IDD3N 43, IDD5 250 mA; 8 devices a
        // rank, 2 ranks; tCK = 1/1.2 GHz; tRC 56, tRAS 39, tRFC 420 cycles. Table: 15 pJ/bit.
        double tck = 1 / 1.2;
        double activate = 8 * 1.2 * (48 * 56 - (43 * 39 + 34 * (56 - 39))) * tck;   // 3,464 pJ
        double refresh = 8 * 1.2 * (250 - 43) * 420 * tck;                          // 695,520 pJ
        double background = 2 * 8 * 1.2 * 43;                                      // 825.6 mW
        Assert.That(activate, Is.EqualTo(3464).Within(0.5));
        Assert.That(refresh, Is.EqualTo(695520).Within(0.5));
        var run = Run("ws-32x32-int8");
        Assert.That(DramPj(run), Is.EqualTo(Expected(run, 15, activate, refresh, background)).Within(1e-9).Percent);
    }

    [Test]
    public void Hbm2FromItsCurrentsAndBelowDdr4()
    {
        // HBM2 (DRAMSim3's HBM2_8Gb_x128): 1.2 V; IDD0 65, IDD2N 40, IDD3N 55, IDD5 250 mA; one device and one rank
        // a channel, 8 channels; tCK 1 ns; tRC 48, tRAS 34, tRFC 260. Table: 3.9 pJ/bit.
        double activate = 1.2 * (65 * 48 - (55 * 34 + 40 * (48 - 34)));   // 828 pJ
        double refresh = 1.2 * (250 - 55) * 260;                         // 60,840 pJ
        double background = 8 * 1.2 * 55;                                // 528 mW
        var hbm = Run("ws-32x32-int8-hbm2");
        Assert.That(DramPj(hbm), Is.EqualTo(Expected(hbm, 3.9, activate, refresh, background)).Within(1e-9).Percent);
        // A quarter of DDR4's energy per bit and less background power over a shorter run: HBM2 costs less.
        Assert.That(DramPj(hbm), Is.LessThan(DramPj(Run("ws-32x32-int8")) / 2));
    }
}

using Sim.Config;
using Sim.Memory.Dram;
using Sim.Tests.Config;

namespace Sim.Tests.Memory;

/// <summary>Timings legal one by one but absurd together are refused at load rather than left to run for ever.</summary>
public class DramTimingSanityTests
{
    [Test]
    public void ARankThatWouldRefreshMostOfTheTimeIsRefused()
    {
        // tREFI = tRFC + 1: one cycle in 421 free for requests. Real parts refresh under a tenth of the time.
        string preset = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"));
        using var dir = new TempConfigDir();
        string path = dir.Write("d.yaml", preset.Replace("trefi: 9360", "trefi: 421"));
        Assert.That(Assert.Throws<InputError>(() => DramConfigLoader.Load(path))!.Message,
            Does.EndWith("error: timing.trefi: 421 leaves a rank refreshing more than half the time (trfc 420); expected at least 840"));
        // Every shipped part refreshes far less than that.
        foreach (var name in DramPresets.Names)
        {
            var t = DramPresets.Load(name).Timings;
            Assert.That(t.TREFI, Is.GreaterThanOrEqualTo(10 * t.TRFC), name);
        }
    }
}

using System.Text.Json;
using Sim.Cli;
using Sim.Tests.Config;

namespace Sim.Tests.Memory;

/// <summary>
/// The shipped traces of scenarios/dram/ through `sim dram` on DDR4-2400, each against the figure the published
/// timing table (configs/dram/README.md) gives for it: tRCD = CL = tRP = 17, tRC = 56, tFAW = 26, 4 data cycles.
/// </summary>
public class DramReferenceTraceTests
{
    [TestCase("closed-bank-read", 17 + 17 + 4)]                    // tRCD + CL + burst
    [TestCase("row-hit", 100 + 17 + 4)]                            // the second read at 100: CL + burst
    [TestCase("row-conflict", 100 + 17 + 17 + 17 + 4)]             // the second read at 100: tRP + tRCD + CL + burst
    [TestCase("same-bank-rows", 7 * 56 + 38)]                      // one activate per tRC, the last read 38 after it
    [TestCase("four-activate-window", 26 + 38)]                    // the fifth activate at tFAW
    public void TheTraceTakesThePublishedFigure(string trace, long totalCycles)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = SimCli.Run(["dram", "--preset", "ddr4-2400", "--channels", "1", "--trace",
            Path.Combine(ConfigTestSupport.RepoRoot, "scenarios/dram", trace + ".trace")], stdout, stderr);
        Assert.That(exit, Is.Zero, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.That(json.RootElement.GetProperty("total_cycles").GetInt64(), Is.EqualTo(totalCycles));
    }
}

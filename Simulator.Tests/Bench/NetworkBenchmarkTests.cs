using Sim.Bench;
using Sim.Tests.Config;

namespace Sim.Tests.Bench;

/// <summary>`sim bench network` on a small scenario: a whole run, timed by phase.</summary>
public class NetworkBenchmarkTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    [Test]
    public void ARunIsTimedPhaseByPhase()
    {
        string scenario = _dir.Write("scenario.yaml", $"""
            name: small
            hardware: {Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-int8.yaml")}
            seed: 3
            data: {"{"} activation_zero_fraction: 0.5, weight_zero_fraction: 0.2 {"}"}
            layers:
              - {"{"} name: conv, type: conv2d, input: [1, 24, 9, 9], out_channels: 20, kernel: [3, 3], padding: 1 {"}"}
              - {"{"} name: relu, type: relu, input: [1, 20, 9, 9] {"}"}
              - {"{"} name: fc, type: gemm, m: 3, k: 40, n: 33 {"}"}
            """);
        string outDir = Path.Combine(_dir.Root, "out");

        var r = NetworkBenchmark.Measure(scenario, null, outDir);

        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(r.Run.Layers.Select(l => l.Name), Is.EqualTo(new[] { "conv", "relu", "fc" }));
        Assert.That(r.Run.AllBitExact, Is.True);
        Assert.That(File.Exists(Path.Combine(outDir, "layers.csv")), Is.True);
        Assert.That(r.WallSeconds, Is.GreaterThan(0));
        Assert.That(r.PeakWorkingSetBytes, Is.GreaterThan(0));
        Assert.That(r.Phases.Select(p => p.Phase), Is.SupersetOf(new[]
        {
            "operands", "fast model", "golden model (other thread)", "timing (engine, DRAM, link)",
            "waiting for the golden model, comparing", "reports: plots, index.html",
        }));
        Assert.That(r.Phases.Select(p => p.WallSeconds), Is.All.GreaterThanOrEqualTo(0));
    }
}

using System.Text.Json;
using Sim.Cli;
using Sim.Tests.Config;

namespace Sim.Tests.Report;

/// <summary>
/// A small scenario run end to end through `sim run` into a temporary folder, once per hardware:
/// the report tests read what it wrote.
/// </summary>
internal static class ReportTestSupport
{
    public const string Scenario = """
        name: report-test
        hardware: unused.yaml
        seed: 3
        data: { activation_zero_fraction: 0.3, weight_zero_fraction: 0.1 }
        layers:
          - { name: conv, type: conv2d, input: [1, 8, 20, 20], out_channels: 40, kernel: [3, 3], padding: [1, 1, 1, 1] }
          - { name: relu, type: relu, input: [1, 40, 20, 20] }
          - { name: pool, type: maxpool, input: [1, 40, 20, 20], kernel: [2, 2], stride: [2, 2] }
          - { name: fc, type: gemm, m: 4, k: 300, n: 50 }
        """;

    public static string NewTempDir(string what)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"sim-{what}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>configs/<paramref name="hardware"/>.yaml.</summary>
    public static string HardwarePath(string hardware) => Path.Combine(ConfigTestSupport.RepoRoot, "configs", hardware + ".yaml");

    /// <summary>Writes <see cref="Scenario"/> to <paramref name="root"/>/scenario.yaml; returns its path.</summary>
    public static string WriteScenario(string root)
    {
        string scenario = Path.Combine(root, "scenario.yaml");
        File.WriteAllText(scenario, Scenario);
        return scenario;
    }

    /// <summary>Runs the scenario on configs/<paramref name="hardware"/>.yaml into <paramref name="root"/>/out; returns the report folder.</summary>
    public static string Run(string hardware, string root)
    {
        string scenario = WriteScenario(root);
        string outDir = Path.Combine(root, "out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RunCommand.Execute(scenario, HardwarePath(hardware), outDir, stdout, stderr);
        Assert.That(code, Is.Zero, stderr.ToString());
        Assert.That(stderr.ToString(), Does.Not.Contain("warning"), "the run should draw its plots without warnings");
        return outDir;
    }

    public static JsonDocument Json(string path) => JsonDocument.Parse(File.ReadAllText(path));

    /// <summary>The test-only energy.csv for <see cref="Scenario"/>'s layers.</summary>
    public static string EnergySample => Path.Combine(TestContext.CurrentContext.TestDirectory, "Report", "energy-sample.csv");
}

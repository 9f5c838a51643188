using Sim.Cli;
using Sim.Config;
using Sim.Cosim;
using Sim.Tests.Config;

namespace Sim.Tests.Cosim;

/// <summary>`sim cosim` end to end, and the errors a user can meet before any RTL runs.</summary>
[Category("Cosim")]
public class CosimCommandTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private string Scenario(string layers, string? hardware = null) => _dir.Write("scenario.yaml", $"""
        name: small
        hardware: {hardware ?? Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-int8.yaml")}
        seed: 3
        data: {"{"} activation_zero_fraction: 0.5, weight_zero_fraction: 0.2 {"}"}
        layers:
        {layers}
        """);

    [Test]
    public void PeArrayLayersRunOnTheRtlAndAgree()
    {
        string path = Scenario("""
              - { name: conv, type: conv2d, input: [1, 24, 9, 9], out_channels: 20, kernel: [3, 3], padding: 1 }
              - { name: relu, type: relu, input: [1, 20, 9, 9] }
              - { name: dw, type: depthwise, input: [1, 20, 9, 9], kernel: [3, 3] }
              - { name: fc, type: gemm, m: 3, k: 40, n: 33 }
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = CosimCommand.Execute(path, null, stdout, stderr);

        Assert.That(code, Is.EqualTo(0), stderr.ToString());
        var lines = stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("scenario small: 3 PE-array layers on ws-16x16-int8 (16x16 PEs), RTL build 16x16-w8, seed 3"));
        Assert.That(lines.Skip(3).Select(l => l.Split(' ')[0]), Is.EqualTo(new[] { "conv", "dw", "fc" }));
        Assert.That(lines.Skip(3), Has.All.Contains(" yes "));
    }

    /// <summary>Output-stationary hardware (5x3, int8, zero gating and skipping) runs on the output-stationary RTL.</summary>
    [Test]
    public void OutputStationaryHardwareRunsOnItsRtlAndAgrees()
    {
        string hardware = _dir.Write("os.yaml", """
            name: os-5x3-int8
            pe_array: { rows: 5, cols: 3, dataflow: output_stationary, clock_mhz: 800 }
            number_format: int8
            sparsity: { zero_gating: true, zero_skipping: vector }
            scratchpads:
              input:  { capacity_kib: 16, banks: 4, width_bytes: 16, ports: 1 }
              weight: { capacity_kib: 16, banks: 4, width_bytes: 16, ports: 1 }
              output: { capacity_kib: 8, banks: 4, width_bytes: 64, ports: 2 }
            memory: { latency_ns: 100, bandwidth_gbps: 12.8 }
            vector_unit: { lanes: 16 }
            """);
        string path = Scenario("""
              - { name: conv, type: conv2d, input: [1, 6, 7, 7], out_channels: 7, kernel: [3, 3], padding: 1 }
              - { name: relu, type: relu, input: [1, 7, 7, 7] }
              - { name: fc, type: gemm, m: 11, k: 30, n: 8 }
            """, hardware);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = CosimCommand.Execute(path, null, stdout, stderr);

        Assert.That(code, Is.EqualTo(0), stderr.ToString());
        var lines = stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo(
            "scenario small: 2 PE-array layers on os-5x3-int8 (5x3 PEs), RTL build 5x3-w8-os, seed 3; sparsity: zero gating, zero-vector skipping"));
        Assert.That(lines.Skip(3).Select(l => l.Split(' ')[0]), Is.EqualTo(new[] { "conv", "fc" }));
        Assert.That(lines.Skip(3), Has.All.Contains(" yes "));
    }

    [Test]
    public void ScenarioWithoutPeArrayLayersIsBadInput()
    {
        string path = Scenario("  - { name: relu, type: relu, input: [1, 4, 4, 4] }");

        var error = Assert.Throws<InputError>(() => CosimCommand.Execute(path, null, TextWriter.Null, TextWriter.Null));

        Assert.That(error!.Message, Is.EqualTo($"error: {path}: no conv2d, depthwise, gemm or matmul layer to run on the PE array"));
    }

    [Test]
    public void FloatLayerIsBadInputNamingTheLayer()
    {
        string path = Scenario("""
              - { name: fc8, type: gemm, m: 3, k: 8, n: 4 }
              - { name: fc16, type: gemm, m: 3, k: 8, n: 4, format: bf16 }
            """);

        var error = Assert.Throws<InputError>(() => CosimCommand.Execute(path, null, TextWriter.Null, TextWriter.Null));

        Assert.That(error!.Message, Is.EqualTo(
            "error: layer fc16: the Verilog PE array runs integer operands with int32 accumulation, not bf16 with fp32 " +
            "(float datapaths and narrow accumulators are not in the RTL)"));
    }

    [Test]
    public void MissingVerilatorIsNamed()
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", _dir.Root);
            var error = Assert.Throws<InputError>(() => RtlBuilder.Build(RtlBuilds.Int8Array16));
            Assert.That(error!.Message, Does.Contain("not found on PATH: verilator, make, g++"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }
}

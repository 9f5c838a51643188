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

    private string Scenario(string layers) => _dir.Write("scenario.yaml", $"""
        name: small
        hardware: {Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-int8.yaml")}
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

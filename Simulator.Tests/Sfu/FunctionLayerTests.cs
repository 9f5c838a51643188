using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.Sfu;

/// <summary>
/// Float function layers in a scenario's <c>layers:</c> (gelu, softmax, layernorm, ...) on bf16 hardware with the README's
/// example SFU: they run as their ONNX operators do, bit-exact, reading and writing bf16 activations; cycles and traffic
/// worked out by hand; refused at load, with the layer's line, on integer hardware or without the table they need.
/// </summary>
[TestFixture]
public class FunctionLayerTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();

    [TearDown] public void TearDown() => _dir.Dispose();

    private static string SfuHardware => Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-bf16-sfu.yaml");

    private string Scenario(string hardware, params string[] layers) => _dir.Write("scenario.yaml",
        $"name: function-layers\nhardware: {hardware}\nseed: 3\nlayers:\n" + string.Concat(layers.Select(l => $"  - {l}\n")));

    [Test]
    public void FunctionLayersRunBitExactOnTheirUnits()
    {
        var run = ScenarioRunner.Run(ScenarioLoader.Load(Scenario(SfuHardware,
            "{ name: up, type: gemm, m: 32, k: 64, n: 128 }",
            "{ name: act, type: gelu, input: [32, 128] }",
            "{ name: down, type: gemm, m: 32, k: 128, n: 64 }",
            "{ name: norm, type: layernorm, input: [32, 64] }",
            "{ name: probs, type: softmax, input: [4, 8, 64] }",
            "{ name: gate, type: sigmoid, input: [2048] }",
            "{ name: hs, type: hardswish, input: [2048] }",
            "{ name: t, type: tanh, input: [1000] }",
            "{ name: e, type: exp, input: [1000] }",
            "{ name: hsig, type: hardsigmoid, input: [1000] }")));
        foreach (var l in run.Layers) TestContext.Out.WriteLine($"{l.Name,-6} {l.Type,-12} {l.Unit,-9} cycles {l.Cycles,7} compute {l.Timing.ComputeCycles,7} exact {l.BitExact}");
        Assert.That(run.Layers.Where(l => !l.BitExact).Select(l => l.Mismatch), Is.Empty);
        var unit = run.Layers.ToDictionary(l => l.Name, l => l.Unit);
        Assert.That(new[] { unit["act"], unit["norm"], unit["probs"], unit["gate"], unit["t"], unit["e"] }, Is.All.EqualTo("sfu"));
        Assert.That(new[] { unit["hs"], unit["hsig"] }, Is.All.EqualTo("vector"));

        // 2,048 bf16 elements: one chunk (half the 64 KiB input scratchpad holds 16,384), 16 lanes, the SFU's 4 pipeline stages.
        Assert.That(run.Layers.Single(l => l.Name == "gate").Timing.ComputeCycles, Is.EqualTo(2048 / 16 + 4));
        Assert.That(run.Layers.Single(l => l.Name == "hs").Timing.ComputeCycles, Is.EqualTo(2048 / 16));
        // t reads a tensor of its own (1,000 elements: no layer before it has as many), which comes up the link; hsig's output,
        // which nothing reads, goes down it: 2 bytes an element.
        Assert.That(run.Layers.Single(l => l.Name == "t").LinkBytesToDevice, Is.EqualTo(1000 * 2));
        Assert.That(run.Layers.Single(l => l.Name == "hsig").LinkBytesToHost, Is.EqualTo(1000 * 2));
    }

    [Test]
    public void AFunctionLayerReadsTheBf16OutputBeforeIt()
    {
        var run = ScenarioRunner.Run(ScenarioLoader.Load(Scenario(SfuHardware,
            "{ name: up, type: gemm, m: 16, k: 32, n: 64 }",
            "{ name: act, type: gelu, input: [16, 64] }")));
        var act = run.Layers.Single(l => l.Name == "act");
        Assert.That(act.BitExact);
        Assert.That(act.LinkBytesToDevice, Is.Zero, "its input is the gemm's output, already in device memory or on chip");
    }

    [Test]
    public void IntegerHardwareRefusesAFunctionLayerAtItsLine()
    {
        string path = Scenario(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-16x16-int8.yaml"), "{ name: g, type: sigmoid, input: [64] }");
        ConfigTestSupport.AssertError(() => ScenarioLoader.Load(path),
            $"{path}:5:22: error: layers[0].type: sigmoid layers read and write float activations, and hardware 'ws-16x16-int8' has number_format int8; " +
            "use a float format (bf16, fp16, fp8_e4m3, fp8_e5m2), or an ONNX model for an integer network");
    }

    [Test]
    public void AMissingTableIsNamed()
    {
        string hw = _dir.Write("hw.yaml", File.ReadAllText(SfuHardware).Replace("functions: [exp, sigmoid, tanh, gelu, reciprocal, rsqrt, erf]", "functions: [exp, sigmoid]"));
        string path = Scenario(hw, "{ name: n, type: layernorm, input: [4, 64] }");
        ConfigTestSupport.AssertError(() => ScenarioLoader.Load(path),
            $"{path}:5:22: error: layers[0].type: layernorm needs the special-function unit's rsqrt table, and hardware 'ws-16x16-bf16-sfu' lists only: exp, sigmoid");
    }
}

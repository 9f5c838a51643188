using Sim.Config;
using static Sim.Tests.Config.ConfigTestSupport;
using Sim.Scenarios;

namespace Sim.Tests.Config;

public partial class ScenarioLoaderTests
{
    private TempConfigDir _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempConfigDir();
        _dir.Write("hw.yaml", Hardware);
    }

    [TearDown] public void TearDown() => _dir.Dispose();

    private string Write(string text) => _dir.Write("scenario.yaml", text);

    private void AssertScenarioError(string text, string positionAndReason)
    {
        string path = Write(text);
        AssertError(() => ScenarioLoader.Load(path), $"{path}:{positionAndReason}");
    }

    [Test]
    public void ValidScenarioLoads()
    {
        string path = Write(ScenarioHead + TwoLayers);
        var s = ScenarioLoader.Load(path);
        Assert.Multiple(() =>
        {
            Assert.That(s.Name, Is.EqualTo("test-scenario"));
            Assert.That(s.SourcePath, Is.EqualTo(path));
            Assert.That(s.Seed, Is.EqualTo(3));
            Assert.That(s.Data, Is.EqualTo(new DataSource(0.5, 0.25)));
            Assert.That(s.Hardware.Name, Is.EqualTo("test-hw"));
            Assert.That(s.Hardware.SourcePath, Is.EqualTo(Path.Combine(_dir.Root, "hw.yaml")));
            Assert.That(s.Layers, Has.Count.EqualTo(2));
            Assert.That(s.Layers[1], Is.EqualTo(new GemmLayer("fc", 2, 64, 10)));
        });
    }

    [Test]
    public void ALayerMayPinItsMapping()
    {
        var s = ScenarioLoader.Load(Write(ScenarioHead + TwoLayers.Replace("kernel: [3, 3] }",
            "kernel: [3, 3], mapping: { stationary: weights, order: g>m>n>k, mt: 16 } }")));
        Assert.That(s.Layers[0].Mapping, Is.EqualTo(new MappingChoice(true, LoopOrder.ActivationsOuter, 16)));
    }

    [Test]
    public void AMappingThatCannotFitIsAPositionedError() =>
        // c1: M = 8 x 8 = 64 output pixels, so M_t cannot be 100.
        AssertScenarioError(ScenarioHead + TwoLayers.Replace("kernel: [3, 3] }", "kernel: [3, 3], mapping: { mt: 100 } }"),
            "8:97: error: layers[0].mapping: no mapping with mt 100 fits the buffers of hardware 'test-hw' (M_t can be at most 64, " +
            "and its blocks must fit the input and output scratchpads)");

    [Test]
    public void ALayerWithinTheTensorBoundsButTooMuchWorkIsRefused() =>
        // 46,340^2 elements fit a tensor, but 46,340^3 = 9.95e13 MACs would take a day to simulate.
        AssertScenarioError(ScenarioHead + "  - { name: g, type: gemm, m: 46340, k: 46340, n: 46340 }\n",
            "8:5: error: layers[0]: 9.951e13 MACs, more than the limit of 2^40 per layer (the fast and golden models compute every one, about 10^9 a second)");

    [Test]
    public void ALayerNeedingMoreThanFourGibibytesIsRefused() =>
        // A [40000, 40000] x [40000, 1]: 1.6e9 MACs, but A and its lowered copy take 6.4 GB as 16-bit values.
        AssertScenarioError(ScenarioHead + "  - { name: g, type: gemm, m: 40000, k: 40000, n: 1 }\n",
            "8:5: error: layers[0]: simulating it needs 6 GiB of host memory (its input, weights, output and lowered operands), more than the limit of 4 GiB per layer");

    [Test]
    public void AConvolutionWhoseIm2ColMatrixWouldNotFitAnArrayIsRefused() =>
        // 64 x 4096 x 4096 input (2^30 elements), 3x3: the im2col operand is 4096^2 pixels x 576 = 9.7e9 elements.
        AssertScenarioError(ScenarioHead + "  - { name: c, type: conv2d, input: [1, 64, 4096, 4096], out_channels: 1, kernel: [3, 3], padding: 1 }\n",
            "8:5: error: layers[0]: its GEMM operand (im2col rows x window) has 9663676416 elements, more than the limit of 2147483647 (2^31 - 1)");

    [Test]
    public void SeedAndDataAreOptional()
    {
        var s = ScenarioLoader.Load(Write("name: s\nhardware: hw.yaml\nlayers:\n" + TwoLayers));
        Assert.Multiple(() =>
        {
            Assert.That(s.Seed, Is.Zero);
            Assert.That(s.Data, Is.EqualTo(new DataSource(0, 0)));
        });
    }

    [Test]
    public void HardwarePathIsRelativeToTheScenarioDirectory()
    {
        string hw = _dir.Write(Path.Combine("configs", "h.yaml"), Hardware.Replace("test-hw", "in-configs"));
        string path = _dir.Write(Path.Combine("scenarios", "deep", "s.yaml"),
            ScenarioHead.Replace("hardware: hw.yaml", "hardware: ../../configs/h.yaml") + TwoLayers);
        var s = ScenarioLoader.Load(path);
        Assert.Multiple(() =>
        {
            Assert.That(s.Hardware.Name, Is.EqualTo("in-configs"));
            Assert.That(s.Hardware.SourcePath, Is.EqualTo(hw));
        });
    }

    [Test]
    public void RelativeScenarioPathGivesRelativeHardwarePath()
    {
        _dir.Write(Path.Combine("configs", "h.yaml"), Hardware);
        _dir.Write(Path.Combine("scenarios", "s.yaml"), ScenarioHead.Replace("hardware: hw.yaml", "hardware: ../configs/h.yaml") + TwoLayers);
        string saved = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _dir.Root;
            var s = ScenarioLoader.Load(Path.Combine("scenarios", "s.yaml"));
            Assert.That(s.Hardware.SourcePath, Is.EqualTo(Path.Combine("configs", "h.yaml")));
        }
        finally
        {
            Environment.CurrentDirectory = saved;
        }
    }

    [Test]
    public void HardwareOverrideReplacesTheScenarioHardware()
    {
        string other = _dir.Write(Path.Combine("elsewhere", "big.yaml"), Hardware.Replace("test-hw", "override-hw"));
        var s = ScenarioLoader.Load(Write(ScenarioHead + TwoLayers), other);
        Assert.Multiple(() =>
        {
            Assert.That(s.Hardware.Name, Is.EqualTo("override-hw"));
            Assert.That(s.Hardware.SourcePath, Is.EqualTo(other));
        });
    }

    [Test]
    public void HardwareOverrideMakesAMissingHardwareFileIrrelevant()
    {
        string path = Write(ScenarioHead.Replace("hardware: hw.yaml", "hardware: missing.yaml") + TwoLayers);
        Assert.That(ScenarioLoader.Load(path, Path.Combine(_dir.Root, "hw.yaml")).Hardware.Name, Is.EqualTo("test-hw"));
    }

    [Test]
    public void HardwareKeyMayBeOmittedWithOverride()
    {
        string path = Write(ScenarioHead.Replace("hardware: hw.yaml\n", "") + TwoLayers);
        Assert.That(ScenarioLoader.Load(path, Path.Combine(_dir.Root, "hw.yaml")).Layers, Has.Count.EqualTo(2));
    }

    [Test]
    public void MissingHardwareOverrideFile()
    {
        string missing = Path.Combine(_dir.Root, "no-hw.yaml");
        AssertError(() => ScenarioLoader.Load(Write(ScenarioHead + TwoLayers), missing), $"error: --hw {missing}: no such file");
    }

    // 10. A scenario naming a missing hardware file: at the hardware value.
    [Test]
    public void MissingHardwareFile() => AssertScenarioError(ScenarioHead.Replace("hardware: hw.yaml", "hardware: nope.yaml") + TwoLayers,
        $"2:11: error: hardware: 'nope.yaml' (resolved to '{Path.Combine(_dir.Root, "nope.yaml")}'): no such file");

    [Test]
    public void HardwareIsADirectory()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Root, "configs"));
        AssertScenarioError(ScenarioHead.Replace("hardware: hw.yaml", "hardware: configs") + TwoLayers,
            $"2:11: error: hardware: 'configs' (resolved to '{Path.Combine(_dir.Root, "configs")}'): is a directory, not a hardware configuration file");
    }

    [Test]
    public void MissingHardwareKey() => AssertScenarioError(ScenarioHead.Replace("hardware: hw.yaml\n", "") + TwoLayers,
        "1:1: error: missing required key 'hardware' (the path of a hardware configuration, or pass --hw)");

    [Test]
    public void ErrorsInTheHardwareFileAreReportedThere()
    {
        string hw = _dir.Write("hw.yaml", Hardware.Replace("rows: 4", "rows: 0"));
        AssertError(() => ScenarioLoader.Load(Write(ScenarioHead + TwoLayers)),
            $"{hw}:3:9: error: pe_array.rows: expected a positive integer, got 0");
    }

    // Fraction outside [0, 1].
    [Test]
    public void ZeroFractionAboveOne() => AssertScenarioError(ScenarioHead.Replace("activation_zero_fraction: 0.5", "activation_zero_fraction: 1.5") + TwoLayers,
        "5:29: error: data.activation_zero_fraction: expected a number from 0 to 1, got 1.5");

    [Test]
    public void ZeroFractionNegative() => AssertScenarioError(ScenarioHead.Replace("weight_zero_fraction: 0.25", "weight_zero_fraction: -0.1") + TwoLayers,
        "6:25: error: data.weight_zero_fraction: expected a number from 0 to 1, got -0.1");

    [Test]
    public void SeedMustBeAnInteger() => AssertScenarioError(ScenarioHead.Replace("seed: 3", "seed: 1.5") + TwoLayers,
        "3:7: error: seed: expected a non-negative integer, got 1.5 (not an integer)");

    [Test]
    public void UnknownScenarioKey() => AssertScenarioError(ScenarioHead.Replace("seed: 3", "sead: 3") + TwoLayers,
        "3:1: error: unknown key 'sead' at the top level (expected one of: name, hardware, seed, data, execution, layers, model, input, batch); did you mean 'seed'?");

    // Duplicate layer names.
    [Test]
    public void DuplicateLayerNames() => AssertScenarioError(ScenarioHead + TwoLayers.Replace("name: fc", "name: c1"),
        "9:11: error: layers[1].name: duplicate layer name 'c1' (first used at line 8)");

    [Test]
    public void MissingLayers() => AssertScenarioError(ScenarioHead.Replace("layers:\n", ""),
        "1:1: error: missing required key 'layers' (a list of layers, or model: path.onnx)");

    [Test]
    public void EmptyLayerList() => AssertScenarioError(ScenarioHead.Replace("layers:\n", "layers: []\n"),
        "7:9: error: layers: expected at least one layer, got an empty list");

    [Test]
    public void LayersNotAList() => AssertScenarioError(ScenarioHead.Replace("layers:\n", "layers: conv\n"),
        "7:9: error: layers: expected a list of layers, got conv");

    [Test]
    public void EmptyScenarioFile() => AssertScenarioError("# only a comment\n",
        "1:1: error: the file is empty (expected a scenario with keys name, hardware, seed, data, execution, layers, model, input, batch)");

    [Test]
    public void MissingScenarioFile()
    {
        string path = Path.Combine(_dir.Root, "missing.yaml");
        AssertError(() => ScenarioLoader.Load(path), $"error: {path}: no such file");
    }

    [Test]
    public void ScenarioPathIsADirectory() =>
        AssertError(() => ScenarioLoader.Load(_dir.Root), $"error: {_dir.Root}: is a directory, not a file");

    [Test]
    public void APathWithANulIsAnError() =>
        AssertScenarioError("name: x\nhardware: \"hw\\0.yaml\"\nlayers:\n" + Conv,
            "2:11: error: hardware: expected a file path, got one with the control character U+0000 in it");
}

public class LayerFormatTests
{
    private TempConfigDir _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempConfigDir();
        _dir.Write("hw.yaml", Hardware);
    }

    [TearDown] public void TearDown() => _dir.Dispose();

    private string Write(string text) => _dir.Write("scenario.yaml", text);

    private const string Fc = "  - { name: fc, type: gemm, m: 2, k: 64, n: 10, FORMAT }\n";

    private ScenarioConfig Load(string format) => ScenarioLoader.Load(Write(ScenarioHead + Fc.Replace("FORMAT", format)));

    private void AssertLayerError(string format, string positionAndReason)
    {
        string path = Write(ScenarioHead + Fc.Replace("FORMAT", format));
        AssertError(() => ScenarioLoader.Load(path), $"{path}:{positionAndReason}");
    }

    [Test]
    public void ScalarFormatSetsOperandsAndNaturalAccumulator()
    {
        var s = Load("format: bf16");
        Assert.That(s.Layers[0].FormatOn(s.Hardware), Is.EqualTo(new LayerFormat(Sim.Numerics.ElementFormat.Bf16, Sim.Numerics.ElementFormat.Fp32, Sim.Numerics.ElementFormat.Bf16)));
    }

    [Test]
    public void MappingFormatSetsEachPart()
    {
        var s = Load("format: { operands: fp8_e4m3, accumulator: fp16, output: fp8_e5m2 }");
        Assert.That(s.Layers[0].FormatOn(s.Hardware), Is.EqualTo(new LayerFormat(Sim.Numerics.ElementFormat.Fp8E4M3, Sim.Numerics.ElementFormat.Fp16, Sim.Numerics.ElementFormat.Fp8E5M2)));
    }

    [Test]
    public void LayersWithoutFormatUseTheHardwares()
    {
        var s = ScenarioLoader.Load(Write(ScenarioHead + TwoLayers));
        Assert.That(s.Layers[0].FormatOn(s.Hardware), Is.EqualTo(new LayerFormat(Sim.Numerics.ElementFormat.Int8, Sim.Numerics.ElementFormat.Int32, Sim.Numerics.ElementFormat.Int8)));
    }

    [Test]
    public void UnknownOperandFormat() => AssertLayerError("format: fp64",
        "8:57: error: layers[0].format: unknown value 'fp64' (expected one of: int4, int8, uint8, int16, fp8_e4m3, fp8_e5m2, fp16, bf16)");

    [Test]
    public void IntegerAccumulatorForFloatOperands() => AssertLayerError("format: { operands: fp16, accumulator: int32 }",
        "8:88: error: layers[0].format.accumulator: int32 cannot accumulate fp16 operands (layers[0].format.operands); expected one of: fp32, fp16, bf16");

    [Test]
    public void FloatOutputForIntegerLayer() => AssertLayerError("format: { output: fp16 }",
        "8:67: error: layers[0].format.output: an integer layer (int8 operands) cannot write fp16 outputs; expected one of: int4, int8, uint8, int16");

    [Test]
    public void UnknownFormatKey() => AssertLayerError("format: { operand: fp16 }",
        "8:59: error: unknown key 'operand' in layers[0].format (expected one of: operands, accumulator, output); did you mean 'operands'?");

}

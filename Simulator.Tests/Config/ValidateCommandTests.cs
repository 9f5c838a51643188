using Sim.Cli;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

public class ValidateCommandTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private static (int Code, string Out, string Err) Run(string path)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ValidateCommand.Run(path, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void ValidHardware()
    {
        string path = Path.Combine(RepoRoot, "configs", "ws-32x32-int8.yaml");
        Assert.That(Run(path), Is.EqualTo((0,
            $"{path}: ok (hardware ws-32x32-int8: 32 x 32 weight_stationary int8 at 1000 MHz, scratchpads in/weight/out 256 KiB/256 KiB/128 KiB, " +
            $"memory ddr4-2400 x 1 channel (19.2 GB/s peak), vector unit 32 lanes){Environment.NewLine}", "")));
    }

    [Test]
    public void ValidScenario()
    {
        string path = Path.Combine(RepoRoot, "scenarios", "mobilenet-blocks.yaml");
        Assert.That(Run(path), Is.EqualTo((0, $"{path}: ok (scenario mobilenet-blocks: 7 layers on hardware ws-16x16-int8){Environment.NewLine}", "")));
    }

    [Test]
    public void ASweepIsRecognisedByItsAxesAndEveryPointIsLoaded()
    {
        string path = Path.Combine(RepoRoot, "scenarios", "sweeps", "resnet50-mapper.yaml");
        Assert.That(Run(path), Is.EqualTo((0, $"{path}: ok (sweep resnet50-mapper: 16 points, 16 distinct){Environment.NewLine}", "")));
        // A value no hardware file takes is found at load, at the sweep's axis.
        string bad = _dir.Write("bad-sweep.yaml", File.ReadAllText(path)
            .Replace("scenario: ../resnet50-layers.yaml", $"scenario: {Path.Combine(RepoRoot, "scenarios", "resnet50-layers.yaml")}")
            .Replace("hardware.mapper.objective: energy", "hardware.mapper.objective: speed"));
        var (code, _, err) = Run(bad);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("unknown value 'speed' (expected one of: latency, energy, edp)"));
    }

    /// <summary>
    /// Energy and area tables are judged as what they are, by a key only they have, so a misspelt key in one is
    /// blamed on that table's own keys (it used to be taken for a hardware file and blamed on hardware keys).
    /// </summary>
    [TestCase("energy", "name: 45nm", "nam: 45nm", "unknown key 'nam' at the top level (expected one of: name, technology_node_nm, mac,")]
    [TestCase("area", "multiplier_um2:", "multiplier_umm2:", "unknown key 'multiplier_umm2' at the top level (expected one of: name, technology_node_nm, multiplier_um2,")]
    public void TablesAreRecognisedAndTheirOwnKeysNamed(string kind, string key, string misspelt, string error)
    {
        string path = Path.Combine(RepoRoot, "configs", kind, "45nm.yaml");
        var (code, output, _) = Run(path);
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.StartWith($"{path}: ok ({kind} table 45nm at 45 nm: 9 "));
        string bad = _dir.Write("bad.yaml", File.ReadAllText(path).Replace(key, misspelt));
        var (badCode, _, err) = Run(bad);
        Assert.That(badCode, Is.EqualTo(2));
        Assert.That(err, Does.Contain(error));
    }

    [Test]
    public void ARegressionSuiteIsRecognisedByItsCasesAndEveryCaseIsLoaded()
    {
        string path = Path.Combine(RepoRoot, "scenarios", "regress", "suite.yaml");
        Assert.That(Run(path), Is.EqualTo((0, $"{path}: ok (regression suite regress: 5 cases){Environment.NewLine}", "")));
        // A case's scenario is loaded with the case's hardware, as sim regress loads it: an error in it names that file.
        _dir.Write("hw.yaml", Hardware);
        string scenario = _dir.Write("s.yaml", ScenarioHead.Replace("seed: 3", "seed: x") + TwoLayers);
        string suite = _dir.Write("suite.yaml", "name: r\ncases:\n  - scenario: s.yaml\n");
        Assert.That(Run(suite), Is.EqualTo((2, "", $"{scenario}:3:7: error: seed: expected a non-negative integer, got x{Environment.NewLine}")));
    }

    [Test]
    public void ScenarioIsRecognisedByItsLayersKeyAndValidatedAsAScenario()
    {
        _dir.Write("hw.yaml", Hardware);
        string path = _dir.Write("s.yaml", "layers:\n" + TwoLayers + ScenarioHead.Replace("layers:\n", "").Replace("seed: 3", "seed: x"));
        var (code, stdout, stderr) = Run(path);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Is.EqualTo($"{path}:10:7: error: seed: expected a non-negative integer, got x{Environment.NewLine}"));
        });
    }

    [Test]
    public void BadHardwarePrintsOneErrorLine()
    {
        string path = _dir.Write("hw.yaml", Hardware.Replace("dataflow: weight_stationary", "dataflow: row_stationary"));
        Assert.That(Run(path), Is.EqualTo((2, "",
            $"{path}:5:13: error: pe_array.dataflow: unknown value 'row_stationary' (expected one of: weight_stationary, output_stationary, input_stationary){Environment.NewLine}")));
    }

    [Test]
    public void MissingFile()
    {
        string path = Path.Combine(_dir.Root, "none.yaml");
        Assert.That(Run(path), Is.EqualTo((2, "", $"error: {path}: no such file{Environment.NewLine}")));
    }

    [Test]
    public void EmptyFile()
    {
        string path = _dir.Write("empty.yaml", "");
        Assert.That(Run(path), Is.EqualTo((2, "", $"{path}:1:1: error: the file is empty (expected a hardware configuration, scenario, sweep, regression suite, DRAM part, energy or area table){Environment.NewLine}")));
    }
}

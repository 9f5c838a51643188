using System.Text.Json.Nodes;
using Sim.Cli;
using Sim.Config;
using Sim.Regress;
using Sim.Tests.Config;

namespace Sim.Tests.Regress;

/// <summary>`sim regress`: pass against fresh baselines, fail on a tampered one, --update repairs it; and the checked-in suite passes.</summary>
public class RegressTests
{
    private static (int Code, string Out) Regress(string suite, bool update = false)
    {
        var stdout = new StringWriter();
        int code = RegressCommand.Execute(suite, update, stdout, new StringWriter());
        return (code, stdout.ToString());
    }

    private static string WriteSuite(TempConfigDir dir)
    {
        dir.Write("hw.yaml", ConfigTestSupport.Hardware);
        dir.Write("scenario.yaml", ConfigTestSupport.ScenarioHead + ConfigTestSupport.TwoLayers);
        return dir.Write("suite.yaml", """
            name: t
            tolerances: { cycles: 0, energy: "0.1%" }
            cases:
              - scenario: scenario.yaml
              - { name: wide, scenario: scenario.yaml, tolerances: { energy: 0 } }
            """);
    }

    [Test]
    public void PassFailAndUpdate()
    {
        using var dir = new TempConfigDir();
        string suite = WriteSuite(dir);

        var missing = Regress(suite);
        Assert.That(missing.Code, Is.EqualTo(1));
        Assert.That(missing.Out, Does.Contain("scenario: 2 layers, REGRESSION: no baseline"));

        Assert.That(Regress(suite, update: true).Code, Is.EqualTo(0));
        string baselinePath = Path.Combine(dir.Root, "scenario.baseline.json");
        Assert.That(File.Exists(baselinePath));
        var pass = Regress(suite);
        Assert.That(pass.Code, Is.EqualTo(0), pass.Out);
        Assert.That(pass.Out, Does.Contain("t: 2 cases, 0 regressed"));

        // Tampered: the run is now one layer a cycle slower than its baseline, the other's output changed, the total
        // energy 0.05 % higher (within 0.1 %).
        string original = File.ReadAllText(baselinePath);
        var json = JsonNode.Parse(original)!;
        json["layers"]![0]!["cycles"] = json["layers"]![0]!["cycles"]!.GetValue<long>() - 1;
        json["layers"]![1]!["output_sha256"] = new string('0', 64);
        json["energy_uj"] = json["energy_uj"]!.GetValue<double>() / 1.0005;
        File.WriteAllText(baselinePath, json.ToJsonString());
        var fail = Regress(suite);
        Assert.Multiple(() =>
        {
            Assert.That(fail.Code, Is.EqualTo(1));
            Assert.That(fail.Out, Does.Contain("scenario: 2 layers, REGRESSION"));
            Assert.That(fail.Out, Does.Contain("wide: 2 layers, ok"));
            Assert.That(fail.Out, Does.Match(@"scenario\s+c1\s+cycles\s+[\d,]+\s+[\d,]+\s+\+[\d.]+\s+0\s+REGRESSION"));
            Assert.That(fail.Out, Does.Match(@"scenario\s+fc\s+output_sha256\s+0000000000000000\s+[0-9a-f]{16}\s+-\s+exact\s+REGRESSION"));
            Assert.That(fail.Out, Does.Match(@"scenario\s+total\s+energy_uj\s+.*\s+\+0\.05\s+0\.1\s+ok"));
            Assert.That(fail.Out, Does.Contain("t: 2 cases, 1 regressed"));
        });

        Assert.That(Regress(suite, update: true).Code, Is.EqualTo(0));
        Assert.That(File.ReadAllText(baselinePath), Is.EqualTo(original), "--update writes the same baseline again");
        Assert.That(Regress(suite).Code, Is.EqualTo(0));
    }

    [Test]
    public void EnergyBeyondItsToleranceIsARegression()
    {
        using var dir = new TempConfigDir();
        string suite = WriteSuite(dir);
        Regress(suite, update: true);
        string path = Path.Combine(dir.Root, "wide.baseline.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["layers"]![1]!["energy_uj"] = json["layers"]![1]!["energy_uj"]!.GetValue<double>() / 1.0005;
        File.WriteAllText(path, json.ToJsonString());
        var r = Regress(suite);
        Assert.That(r.Code, Is.EqualTo(1));
        Assert.That(r.Out, Does.Match(@"wide\s+fc\s+energy_uj\s+.*\s+\+0\.05\s+0\s+REGRESSION"));
    }

    [Test]
    public void FewerCyclesAndLessEnergyAreAnImprovementNotARegression()
    {
        using var dir = new TempConfigDir();
        dir.Write("hw.yaml", ConfigTestSupport.Hardware);
        dir.Write("scenario.yaml", ConfigTestSupport.ScenarioHead + "  - { name: fc, type: gemm, m: 2, k: 64, n: 10 }\n");
        string suite = dir.Write("suite.yaml", "name: t\ncases:\n  - scenario: scenario.yaml\n");
        Assert.That(Regress(suite, update: true).Out, Does.EndWith("regress t: 1 baseline written" + Environment.NewLine));
        Assert.That(Regress(suite).Out, Is.EqualTo($"scenario: 1 layer, ok{Environment.NewLine}regress t: 1 case, 0 regressed{Environment.NewLine}"));

        // The baseline says the layer took twice its cycles and 25 % more energy: the run is better than it.
        string path = Path.Combine(dir.Root, "scenario.baseline.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var node in new[] { json, json["layers"]![0]! })
        {
            string cycles = node == json ? "total_cycles" : "cycles";
            node[cycles] = node[cycles]!.GetValue<long>() * 2;
            node["energy_uj"] = node["energy_uj"]!.GetValue<double>() * 1.25;
        }
        File.WriteAllText(path, json.ToJsonString());
        var r = Regress(suite);
        Assert.Multiple(() =>
        {
            Assert.That(r.Code, Is.Zero, r.Out);
            Assert.That(r.Out, Does.StartWith("scenario: 1 layer, improved beyond tolerance (sim regress --update records it)"));
            // Half the cycles is -50 %; 1/1.25 of the energy is -20 %.
            Assert.That(r.Out, Does.Match(@"scenario\s+total\s+cycles\s+[\d,]+\s+[\d,]+\s+-50\s+0\s+improved"));
            Assert.That(r.Out, Does.Match(@"scenario\s+fc\s+cycles\s+[\d,]+\s+[\d,]+\s+-50\s+0\s+improved"));
            Assert.That(r.Out, Does.Match(@"scenario\s+fc\s+energy_uj\s+[\d,.]+\s+[\d,.]+\s+-20\s+0\.1\s+improved"));
            Assert.That(r.Out, Does.Not.Contain("REGRESSION"));
            Assert.That(r.Out, Does.EndWith("regress t: 1 case, 0 regressed, 1 improved" + Environment.NewLine));
        });
    }

    /// <summary>The suite CI runs: every baseline in scenarios/regress/ still holds.</summary>
    [Test]
    public void ABaselineWithoutLayersOrThatIsAFolderIsAnError()
    {
        using var dir = new TempConfigDir();
        string path = dir.Write("b.baseline.json", """{ "case": "b", "scenario": "s", "hardware": "h", "total_cycles": 1, "energy_uj": 1, "layers": null }""");
        Assert.That(Assert.Throws<InputError>(() => Baseline.Read(path))!.Message,
            Is.EqualTo($"error: {path}:1: not a valid baseline at $.layers: a value is missing, null or of the wrong kind (sim regress --update writes a fresh one)"));
        string folder = Path.Combine(dir.Root, "f.baseline.json");
        Directory.CreateDirectory(folder);
        Assert.That(Assert.Throws<InputError>(() => Baseline.Read(folder))!.Message, Is.EqualTo($"error: {folder}: is a directory, not a baseline file"));
    }

    [Test]
    public void TheCheckedInSuitePasses()
    {
        var r = Regress(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "regress", "suite.yaml"));
        Assert.That(r.Code, Is.EqualTo(0), r.Out);
    }
}

using Sim.Config;
using Sim.Run;

namespace Sim.Tests.Config;

/// <summary>A DRAM file names its standard; energy figures are found by it, not by the file's name.</summary>
public class DramStandardTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"sim-dram-{Guid.NewGuid():N}"));

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    /// <summary>configs/ws-32x32-int8.yaml with its DRAM replaced by a copy of the DDR4-2400 preset, renamed and edited.</summary>
    private string HardwareWithCopiedPreset(Func<string, string> edit)
    {
        string preset = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml"));
        File.WriteAllText(Path.Combine(_dir, "my-dram.yaml"), edit(preset.Replace("name: ddr4-2400", "name: my-dram")));
        string hw = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8.yaml"))
            .Replace("dram: ddr4-2400", "dram: my-dram.yaml");
        string path = Path.Combine(_dir, "hw.yaml");
        File.WriteAllText(path, hw);
        return path;
    }

    [Test]
    public void ACopyOfAPresetUnderANewNameRunsAsThePresetDoes()
    {
        var copy = HardwareLoader.Load(HardwareWithCopiedPreset(text => text));
        var preset = HardwareLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8.yaml"));
        var layers = new LayerSpec[] { new GemmLayer("fc", 8, 64, 32) };
        var a = ScenarioRunner.Run(Sim.Tests.Run.TestScenarios.Of(copy, layers));
        var b = ScenarioRunner.Run(Sim.Tests.Run.TestScenarios.Of(preset, layers));
        Assert.That(a.TotalCycles, Is.EqualTo(b.TotalCycles));
        Assert.That(a.Layers[0].Energy.TotalPj, Is.EqualTo(b.Layers[0].Energy.TotalPj));
    }

    [Test]
    public void AStandardTheEnergyTableLacksFailsAtLoad()
    {
        string energy = File.ReadAllText(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "energy", "45nm.yaml"));
        File.WriteAllText(Path.Combine(_dir, "no-hbm.yaml"), string.Join('\n', energy.Split('\n').Where(l => !l.TrimStart().StartsWith("hbm2:"))));
        string path = HardwareWithCopiedPreset(text => text.Replace("standard: ddr4", "standard: hbm2"));
        File.AppendAllText(path, "energy: no-hbm.yaml\n");
        var e = Assert.Throws<InputError>(() => HardwareLoader.Load(path))!;
        Assert.That(e.Message, Does.Contain("energy: table '45nm' has no DRAM figures for hbm2 (the standard of DRAM 'my-dram'); it has: ddr4, ddr5, lpddr4, simple"));
    }

    [Test]
    public void ValidateKnowsADramPartAndChecksItsCurrents()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string preset = Path.Combine(ConfigTestSupport.RepoRoot, "configs", "dram", "ddr4-2400.yaml");
        Assert.That(Sim.Cli.ValidateCommand.Run(preset, stdout, stderr), Is.Zero, stderr.ToString());
        Assert.That(stdout.ToString(), Does.Contain("DRAM ddr4-2400 (ddr4): 1 channel x 2 ranks at 1200 MHz, 19.2 GB/s peak, power from datasheet currents"));

        string path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, File.ReadAllText(preset).Replace("idd3n: 43", "idd3n: 20"));
        Assert.That(Sim.Cli.ValidateCommand.Run(path, stdout, stderr), Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("power.rails[0].idd3n: expected at least idd2n (34 mA): active standby draws more than precharge standby"));
    }

    [Test]
    public void TheStandardIsRequiredAndChecked()
    {
        string missing = HardwareWithCopiedPreset(text => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("standard:"))));
        Assert.That(Assert.Throws<InputError>(() => HardwareLoader.Load(missing))!.Message, Does.Contain("missing required key 'standard'"));
        string wrong = HardwareWithCopiedPreset(text => text.Replace("standard: ddr4", "standard: ddr6"));
        Assert.That(Assert.Throws<InputError>(() => HardwareLoader.Load(wrong))!.Message,
            Does.Contain("standard: unknown value 'ddr6' (expected one of: ddr4, ddr5, lpddr4, hbm2, hbm3)"));
    }
}

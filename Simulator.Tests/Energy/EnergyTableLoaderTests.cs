using Sim.Config;
using Sim.Energy;

namespace Sim.Tests.Energy;

public class EnergyTableLoaderTests
{
    private static string Default => File.ReadAllText(Path.Combine(EnergyTableLoader.Directory, "45nm.yaml"));

    private static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "sim-energy-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void TheDefaultTableNamesItsNodeAndEveryFormat()
    {
        var table = EnergyTableLoader.LoadDefault();
        Assert.That(table.TechnologyNodeNm, Is.EqualTo(45));
        Assert.That(table.Mac.Keys, Is.SupersetOf(new[] { "int4", "int8", "uint8", "int16", "fp8_e4m3", "fp8_e5m2", "fp16", "bf16", "fp32" }));
        Assert.That(table.Mac["int8"], Is.EqualTo(new MacEnergy(0.30, 0.20, 0.10)));
        Assert.That(table.Dram["hbm2"].PjPerBit, Is.EqualTo(3.9));
    }

    [Test]
    public void AFigureWithoutASourceIsRefused()
    {
        string path = Write(Default.Replace("vector_op: { pj: 0.03, source: \"[H] 8-bit integer add\" }", "vector_op: { pj: 0.03 }"));
        var e = Assert.Throws<InputError>(() => EnergyTableLoader.Load(path))!;
        Assert.That(e.Message, Does.StartWith(path + ":").And.Contain("vector_op: missing required key 'source'"));
    }

    [Test]
    public void SramPointsMustGrow()
    {
        string path = Write(Default.Replace("- { kib: 32,   pj: 20,", "- { kib: 4,   pj: 20,"));
        var e = Assert.Throws<InputError>(() => EnergyTableLoader.Load(path))!;
        Assert.That(e.Message, Does.Contain("sram_per_64_bits[1].kib: capacities must increase down the list"));
    }

    [Test]
    public void EveryOperandFormatNeedsAMacFigure()
    {
        // A table without int4 would pass a hardware check and fail only when an int4 layer ran.
        string path = Write(string.Join('\n', Default.Split('\n').Where(l => !l.TrimStart().StartsWith("int4:"))));
        var e = Assert.Throws<InputError>(() => EnergyTableLoader.Load(path))!;
        Assert.That(e.Message, Does.StartWith(path + ":").And.EndWith("mac: no figure for int4 (every operand format needs one)"));
    }
}

using Sim.Config;
using Sim.Numerics;
using Sim.Sfu;
using Sim.Tests.Config;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Sfu;

/// <summary>The hardware's <c>sfu:</c> section: every key read, every problem an error at its position (the section starts on line 17).</summary>
[TestFixture]
public class SfuConfigTests
{
    private const string Sfu = "sfu: { lanes: 16, lut_entries: 256, interpolation: linear, table_format: bf16, functions: [exp, sigmoid, tanh, gelu, reciprocal, rsqrt] }\n";

    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private HardwareConfig Load(string sfu) => HardwareLoader.Load(_dir.Write("hw.yaml", Hardware + sfu));

    private void AssertError(string sfu, string positionAndReason)
    {
        var e = Assert.Throws<InputError>(() => Load(sfu));
        Assert.That(e!.Message, Is.EqualTo($"{Path.Combine(_dir.Root, "hw.yaml")}:{positionAndReason}"));
    }

    [Test]
    public void AbsentMeansNoSfu() => Assert.That(Load("").Sfu, Is.Null);

    [Test]
    public void EveryKeyIsRead()
    {
        var sfu = Load(Sfu.Replace("linear", "nearest").Replace("bf16", "fp16")).Sfu!;
        Assert.That(sfu, Is.EqualTo(sfu with { Lanes = 16, LutEntries = 256, Interpolation = SfuInterpolation.Nearest, TableFormat = ElementFormat.Fp16 }));
        Assert.That(sfu.Functions, Is.EqualTo(new[] { SfuFunction.Exp, SfuFunction.Sigmoid, SfuFunction.Tanh, SfuFunction.Gelu, SfuFunction.Reciprocal, SfuFunction.Rsqrt }));
    }

    [Test]
    public void EntriesMustBeAPowerOfTwo() => AssertError(Sfu.Replace("256", "300"),
        "17:32: error: sfu.lut_entries: expected a power of two from 16 to 4096, got 300");

    [Test]
    public void EntriesWithinRange() => AssertError(Sfu.Replace("256", "8192"),
        "17:32: error: sfu.lut_entries: expected an integer from 16 to 4096, got 8192");

    [Test]
    public void UnknownInterpolation() => AssertError(Sfu.Replace("linear", "cubic"),
        "17:52: error: sfu.interpolation: unknown value 'cubic' (expected one of: nearest, linear)");

    [Test]
    public void UnknownTableFormat() => AssertError(Sfu.Replace("bf16", "int8"),
        "17:74: error: sfu.table_format: unknown value 'int8' (expected one of: bf16, fp16, fp32)");

    [Test]
    public void UnknownFunction() => AssertError(Sfu.Replace("tanh", "cosh"),
        "17:106: error: sfu.functions[2]: unknown value 'cosh' (expected one of: exp, sigmoid, tanh, gelu, reciprocal, rsqrt, erf)");

    [Test]
    public void FunctionListedTwice() => AssertError(Sfu.Replace("rsqrt", "exp"),
        "17:130: error: sfu.functions[5]: exp is listed twice");

    [Test]
    public void FunctionsMustBeAList() => AssertError(Sfu.Replace("[exp, sigmoid, tanh, gelu, reciprocal, rsqrt]", "exp"),
        "17:91: error: sfu.functions: expected a non-empty list of functions, one of: exp, sigmoid, tanh, gelu, reciprocal, rsqrt, erf");

    [Test]
    public void UnknownKey() => AssertError(Sfu.Replace("lanes: 16,", "lanes: 16, depth: 2,"),
        "17:19: error: unknown key 'depth' in sfu (expected one of: lanes, lut_entries, interpolation, table_format, functions)");

    [Test]
    public void MissingKey() => AssertError(Sfu.Replace(" table_format: bf16,", ""),
        "17:1: error: sfu: missing required key 'table_format'");

    [Test]
    public void AnEnergyTableWithoutSfuFiguresIsRefused()
    {
        string table = File.ReadAllText(Path.Combine(EnergyTableLoader.Directory, "45nm.yaml"));
        _dir.Write("no-sfu.yaml", string.Join('\n', table.Split('\n').Where(l => !l.StartsWith("sfu:", StringComparison.Ordinal))));
        AssertError(Sfu + "energy: no-sfu.yaml\n",
            "18:9: error: energy: table '45nm' has no sfu: entry, so the special-function unit's lookups cannot be priced");
    }

    [Test]
    public void AnAreaTableWithoutSfuFiguresIsRefused()
    {
        string table = File.ReadAllText(Path.Combine(AreaTableLoader.Directory, "45nm.yaml"));
        _dir.Write("no-sfu-area.yaml", string.Join('\n', table.Split('\n').Where(l => !l.StartsWith("sfu:", StringComparison.Ordinal))));
        AssertError(Sfu + "area: no-sfu-area.yaml\n",
            "18:7: error: area: table '45nm' has no sfu: entry (range_reduction_um2), so the special-function unit's area cannot be counted");
    }

    [Test]
    public void ZeroLanes() => AssertError(Sfu.Replace("lanes: 16", "lanes: 0"),
        "17:15: error: sfu.lanes: expected a positive integer, got 0");
}

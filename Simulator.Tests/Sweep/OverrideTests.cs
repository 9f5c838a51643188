using Sim.Config;
using Sim.Sweep;
using Sim.Tests.Config;
using static Sim.Tests.Sweep.SweepTestSupport;

namespace Sim.Tests.Sweep;

/// <summary>A sweep point's values go into the parsed hardware and scenario before the loaders validate them.</summary>
public class OverrideTests
{
    [Test]
    public void DottedPathsSetHardwareAndScenarioKeysOfEveryType()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, """
            axes:
              hardware.pe_array.rows: [8]
              hardware.pe_array.clock_mhz: [750.5]
              hardware.memory: [{ dram: hbm2, channels: 2 }]
              scenario.data.activation_zero_fraction: [0.125]
              scenario.seed: [42]
              scenario.layers[0].kernel: [[1, 1]]
              scenario.layers[fc].n: [7]
              hardware.dma.burst_bytes: [128]
            """);
        var s = Resolve(sweep).Single().Scenario;
        Assert.Multiple(() =>
        {
            Assert.That(s.Hardware.PeArray.Rows, Is.EqualTo(8));
            Assert.That(s.Hardware.PeArray.Cols, Is.EqualTo(8), "untouched keys keep the base file's value");
            Assert.That(s.Hardware.PeArray.ClockMhz, Is.EqualTo(750.5));
            Assert.That(s.Hardware.Memory, Is.TypeOf<DramMemoryConfig>());
            Assert.That(((DramMemoryConfig)s.Hardware.Memory).Dram.Channels, Is.EqualTo(2));
            Assert.That(s.Data.ActivationZeroFraction, Is.EqualTo(0.125));
            Assert.That(s.Seed, Is.EqualTo(42));
            Assert.That(((Conv2DLayer)s.Layers[0]).KernelH, Is.EqualTo(1));
            Assert.That(((GemmLayer)s.Layers[1]).N, Is.EqualTo(7), "a list element chosen by its name");
            Assert.That(s.Hardware.Dma.BurstBytes, Is.EqualTo(128), "a section the base file leaves out is added");
        });
    }

    [Test]
    public void AnAxisNamedByAWordSetsSeveralKeysAndHasALabel()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, """
            axes:
              array:
                - { label: small, hardware.pe_array.rows: 2, hardware.pe_array.cols: 2 }
                - { hardware.pe_array.rows: 8, hardware.pe_array.cols: 16 }
            """);
        var points = Resolve(sweep);
        Assert.Multiple(() =>
        {
            Assert.That(points.Select(p => (p.Scenario.Hardware.PeArray.Rows, p.Scenario.Hardware.PeArray.Cols)),
                Is.EqualTo(new[] { (2, 2), (8, 16) }));
            Assert.That(points[0].AxesJson, Is.EqualTo("{\"array\":\"small\"}"));
            Assert.That(points[1].AxesJson, Is.EqualTo("{\"array\":\"8/16\"}"));
        });
    }

    [Test]
    public void AnAxisKeyThatIsAListOrAMappingIsAnError()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  ? [a, b]\n  : [1, 2]\n");
        Assert.That(Assert.Throws<InputError>(() => Resolve(sweep))!.Message,
            Is.EqualTo($"{sweep}:4:5: error: axes: expected a key that is a dotted path or a name, got a list of 2"));
        string named = WriteSweep(dir, "axes:\n  size:\n    - { ? {x: 1} : 2 }\n", "named.yaml");
        Assert.That(Assert.Throws<InputError>(() => Resolve(named))!.Message,
            Does.Contain("axes.size[0]: expected a key that is a dotted path or a name, got a mapping"));
    }

    [Test]
    public void AnUnknownPathIsAPositionedErrorAtTheSweepAxis()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  hardware.pe_array.rowz: [8]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.Message, Does.StartWith($"{sweep}:4:3: error: unknown key 'rowz' in pe_array"));
        Assert.That(e.Message, Does.Contain("did you mean 'rows'?"));
        Assert.That(e.Message, Does.Contain("sweep axis 'hardware.pe_array.rowz'"));
    }

    [Test]
    public void AnUnknownTopLevelSectionIsAPositionedErrorAtTheSweepAxis()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  scenario.dat.activation_zero_fraction: [0.5]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.Message, Does.StartWith($"{sweep}:4:3: error: unknown key 'dat' at the top level"));
    }

    [Test]
    public void ABadValueIsReportedAtTheValueInTheSweepFile()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  hardware.pe_array.rows: [8, 0]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.Message, Is.EqualTo(
            $"{sweep}:4:31: error: pe_array.rows: expected a positive integer, got 0 (set by sweep axis 'hardware.pe_array.rows')"));
    }

    [Test]
    public void AQuotedNumberKeepsItsYamlTypeAndIsRejected()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  hardware.pe_array.rows: [\"16\"]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.Message, Does.StartWith($"{sweep}:4:28: error: pe_array.rows: expected a positive integer, got the string \"16\""));
    }

    [Test]
    public void AnIndexPastTheEndOfAListIsAnErrorAtTheAxis()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  scenario.layers[5].kernel: [[1, 1]]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.Message, Does.StartWith($"{sweep}:4:3: error: axes: 'scenario.layers[5].kernel': index 5 is past the end of 'layers', which has 2 elements"));
    }

    [Test]
    public void AnErrorTheValuesCauseElsewhereNamesThePoint()
    {
        using var dir = new TempConfigDir();
        // A 64x64 array needs larger scratchpads than hw.yaml's 4 KiB: the error is in hw.yaml, naming the point.
        string sweep = WriteSweep(dir, "axes:\n  hardware.pe_array.rows: [64]\n  hardware.pe_array.cols: [64]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.File, Is.EqualTo(Path.Combine(dir.Root, "hw.yaml")));
        Assert.That(e.Message, Does.EndWith("(sweep point 0: hardware.pe_array.rows=64, hardware.pe_array.cols=64)"));
    }

    [Test]
    public void APathMustStartWithHardwareOrScenario()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, "axes:\n  rows: [8]\n");
        var e = Assert.Throws<InputError>(() => Resolve(sweep))!;
        Assert.That(e.Message, Does.StartWith($"{sweep}:4:10: error: axes.rows[0]: an axis named 'rows' (not a path"));
    }
}

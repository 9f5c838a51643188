using Sim.Config;
using Sim.Sweep;
using Sim.Tests.Config;
using static Sim.Tests.Sweep.SweepTestSupport;

namespace Sim.Tests.Sweep;

/// <summary>Grid, zip and seeded random combinations of a sweep's axes.</summary>
public class PointGeneratorTests
{
    private static IReadOnlyList<SweepPoint> Points(TempConfigDir dir, string body) =>
        PointGenerator.Generate(SweepLoader.Load(WriteSweep(dir, body)));

    [Test]
    public void GridIsEveryCombinationWithTheLastAxisFastest()
    {
        using var dir = new TempConfigDir();
        var points = Points(dir, "axes:\n  scenario.seed: [1, 2, 3]\n  hardware.pe_array.rows: [4, 8]\n");
        Assert.That(points.Select(p => string.Join(",", p.Choices)),
            Is.EqualTo(new[] { "0,0", "0,1", "1,0", "1,1", "2,0", "2,1" }));
        Assert.That(points.Select(p => p.Index), Is.EqualTo(Enumerable.Range(0, 6)));
    }

    [Test]
    public void ZipTakesTheIthValueOfEveryAxis()
    {
        using var dir = new TempConfigDir();
        var points = Points(dir, "combine: zip\naxes:\n  scenario.seed: [1, 2, 3]\n  hardware.pe_array.rows: [4, 8, 16]\n");
        Assert.That(points.Select(p => string.Join(",", p.Choices)), Is.EqualTo(new[] { "0,0", "1,1", "2,2" }));
    }

    [Test]
    public void ZipWithUnequalAxesIsAnErrorAtTheShorterAxis()
    {
        using var dir = new TempConfigDir();
        var e = Assert.Throws<InputError>(() => Points(dir, "combine: zip\naxes:\n  scenario.seed: [1, 2, 3]\n  hardware.pe_array.rows: [4, 8]\n"))!;
        Assert.That(e.Message, Does.Contain(":6:3: error: axes: with 'combine: zip' every axis needs as many values as the first"));
    }

    private const string RandomAxes = "axes:\n  scenario.seed: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  hardware.pe_array.rows: [2, 4, 8, 16]\n  hardware.pe_array.cols: [2, 4, 8, 16]\n";

    [Test]
    public void RandomIsSeededDistinctAndDeterministic()
    {
        using var dir = new TempConfigDir();
        var a = Points(dir, "combine: random\nsamples: 25\nsample_seed: 7\n" + RandomAxes);
        var b = Points(dir, "combine: random\nsamples: 25\nsample_seed: 7\n" + RandomAxes);
        var c = Points(dir, "combine: random\nsamples: 25\nsample_seed: 8\n" + RandomAxes);
        static string Text(IEnumerable<SweepPoint> ps) => string.Join(" ", ps.Select(p => string.Join(",", p.Choices)));
        Assert.Multiple(() =>
        {
            Assert.That(a, Has.Count.EqualTo(25));
            Assert.That(Text(a), Is.EqualTo(Text(b)), "same seed, same points");
            Assert.That(Text(a), Is.Not.EqualTo(Text(c)), "another seed, other points");
            Assert.That(a.Select(p => string.Join(",", p.Choices)).Distinct().Count(), Is.EqualTo(25), "no combination twice");
            Assert.That(a.All(p => p.Choices[0] < 10 && p.Choices[1] < 4 && p.Choices[2] < 4));
            // Pinned: the draw must not change between machines or .NET versions.
            Assert.That(Text(a.Take(3)), Is.EqualTo("0,2,2 1,0,1 1,1,0"));
        });
    }

    [Test]
    public void RandomCanTakeEveryCombination()
    {
        using var dir = new TempConfigDir();
        var all = Points(dir, "combine: random\nsamples: 160\nsample_seed: 1\n" + RandomAxes);
        Assert.That(all.Select(p => string.Join(",", p.Choices)).Distinct().Count(), Is.EqualTo(160));
    }

    [Test]
    public void MoreSamplesThanCombinationsIsAnErrorAtSamples()
    {
        using var dir = new TempConfigDir();
        var e = Assert.Throws<InputError>(() => Points(dir, "combine: random\nsamples: 161\nsample_seed: 1\n" + RandomAxes))!;
        Assert.That(e.Message, Does.Contain(":4:10: error: samples: 161 distinct points asked for, but the axes have only 160 combinations"));
    }

    [Test]
    public void SamplesWithoutRandomIsAnError()
    {
        using var dir = new TempConfigDir();
        var e = Assert.Throws<InputError>(() => Points(dir, "samples: 3\naxes:\n  scenario.seed: [1]\n"))!;
        Assert.That(e.Message, Does.Contain(":3:1: error: samples: only used with 'combine: random'"));
    }
}

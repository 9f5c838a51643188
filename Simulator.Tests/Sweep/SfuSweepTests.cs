using Sim.Cli;
using Sim.Config;
using Sim.Numerics;
using Sim.Run;
using Sim.Scenarios;
using Sim.Sweep;
using Sim.Tests.Config;

namespace Sim.Tests.Sweep;

/// <summary>
/// The LUT sweep (scenarios/sweeps/sfu-tables.yaml) run whole: each point's SFU figures against a hand calculation from
/// the energy and area tables and against a direct run of the same table, and its two accuracy plots drawn from exactly
/// the database's rows.
/// </summary>
[TestFixture, NonParallelizable]
public class SfuSweepTests
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "sim-sfu-sweep-" + Environment.ProcessId);
    private static string SweepFile => Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "sweeps", "sfu-tables.yaml");
    private List<PointRecord> _rows = null!;
    private string _stdout = "";

    [OneTimeSetUp]
    public void RunTheSweep()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, true);
        var stdout = new StringWriter();
        int code = SweepCommand.Execute(new SweepCommand.Options(SweepFile, Db: Path.Combine(Directory, "results.db"), Jobs: 2,
            Csv: Path.Combine(Directory, "points.csv")), stdout, new StringWriter());
        _stdout = stdout.ToString();
        Assert.That(code, Is.EqualTo(0), _stdout);
        using var db = SweepDatabase.Open(Path.Combine(Directory, "results.db"), create: false);
        _rows = db.All();
    }

    [OneTimeTearDown]
    public void Remove() => System.IO.Directory.Delete(Directory, true);

    private PointRecord Point(int entries, string interpolation, string format) =>
        _rows.Single(r => r.Sfu is { } f && f.LutEntries == entries && f.Interpolation == interpolation && f.TableFormat == format);

    [Test]
    public void EveryTableIsOnePointWithItsFigures()
    {
        Assert.That(_stdout, Does.Contain("24 run, 0 already stored, 0 failed, 0 not bit-exact"));
        Assert.That(_rows, Has.Count.EqualTo(24));
        var tables = _rows.Select(r => (r.Sfu!.LutEntries, r.Sfu.Interpolation, r.Sfu.TableFormat)).ToList();
        Assert.That(tables, Is.Unique);
        Assert.That(tables, Is.EquivalentTo(
            from n in new[] { 16, 64, 256, 1024 } from i in new[] { "nearest", "linear" } from f in new[] { "bf16", "fp16", "fp32" } select (n, i, f)));
        // The figures name the table the axes set.
        foreach (var r in _rows)
            Assert.That(r.AxesJson, Is.EqualTo(
                $"{{\"hardware.sfu.lut_entries\":{r.Sfu!.LutEntries},\"hardware.sfu.interpolation\":\"{r.Sfu.Interpolation}\",\"hardware.sfu.table_format\":\"{r.Sfu.TableFormat}\"}}"));
    }

    [Test]
    public void EnergyPerLookupAndAreaByHand()
    {
        // configs/energy/45nm.yaml: every table here is under 8 KiB, so a read is 10 pJ per 64 bits; linear reads two
        // entries and adds a MAC of the table format (bf16 1.7 pJ, fp32 4.6); every lookup adds 0.1 pJ of range reduction.
        Assert.That(Point(16, "nearest", "bf16").Sfu!.PjPerLookup, Is.EqualTo(10 * 16 / 64.0 + 0.1).Within(1e-12));
        Assert.That(Point(256, "linear", "bf16").Sfu!.PjPerLookup, Is.EqualTo(10 * 32 / 64.0 + 1.7 + 0.1).Within(1e-12));
        Assert.That(Point(1024, "linear", "fp32").Sfu!.PjPerLookup, Is.EqualTo(10 * 64 / 64.0 + 4.6 + 0.1).Within(1e-12));
        // configs/area/45nm.yaml: 1,024 fp32 entries x 7 tables (the example's functions, erf among them) of 0.346 um^2 cells over 0.7, and 16 lanes of an fp32
        // multiplier (7,700 um^2), an fp32 adder (4,184) and the range reduction (137).
        Assert.That(Point(1024, "linear", "fp32").Sfu!.AreaMm2,
            Is.EqualTo((1024 * 32 * 7 * 0.346 / 0.7 + 16 * (7700 + 4184 + 137)) / 1e6).Within(1e-12));
        Assert.That(Point(16, "nearest", "fp16").Sfu!.AreaMm2, Is.EqualTo((16 * 16 * 7 * 0.346 / 0.7 + 16 * 137) / 1e6).Within(1e-12));
    }

    [Test]
    public void TheErrorIsTheDirectRunsAndFallsWithABetterTable()
    {
        // The same table run directly, outside the sweep: its largest error over the SFU rows is the point's.
        var scenario = ScenarioLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "sweeps", "sfu-operators.yaml"));
        var hw = scenario.Hardware;
        var run = ScenarioRunner.Run(scenario with
        {
            Hardware = hw with { Sfu = hw.Sfu! with { LutEntries = 64, Interpolation = SfuInterpolation.Nearest, TableFormat = ElementFormat.Fp16 } },
        });
        Assert.That(run.Layers.Select(l => l.Unit), Is.All.EqualTo("sfu"));
        Assert.That(Point(64, "nearest", "fp16").Sfu!.MaxAbsError, Is.EqualTo(run.Layers.Max(l => l.MaxAbsError)));
        Assert.That(Point(64, "nearest", "fp16").Sfu!.MaxUlpError, Is.EqualTo(run.Layers.Max(l => l.MaxUlpError)));

        // 1,024 fp32 entries read linearly against 16 bf16 entries read nearest: over a thousand times more accurate.
        Assert.That(Point(1024, "linear", "fp32").Sfu!.MaxAbsError, Is.LessThan(Point(16, "nearest", "bf16").Sfu!.MaxAbsError / 1000));
        // With fp32 entries and linear reads, more entries always help (no rounding floor below the interpolation error).
        var fp32Linear = new[] { 16, 64, 256, 1024 }.Select(n => Point(n, "linear", "fp32").Sfu!.MaxAbsError).ToList();
        Assert.That(fp32Linear, Is.Ordered.Descending);
    }

    [Test]
    public void ThePlotsDrawTheDatabasesRowsAndTheirFronts()
    {
        Assume.That(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "fonts-dejavu-core");
        foreach (var cost in AccuracyPlots.Costs)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Directory, cost.File));
            Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), cost.File);
            Assert.That(bytes.Length, Is.GreaterThan(20_000), cost.File + " has points and labels, not a blank image");
        }
        Assert.That(AccuracyPlots.Rows(_rows), Is.EqualTo(_rows), "every stored point is drawn, none added");

        foreach (var cost in AccuracyPlots.Costs)
        {
            // On the front: no other point at most as costly and as wrong, and better in one of the two.
            var expected = _rows.Where(p => !_rows.Any(q => cost.Of(q.Sfu!) <= cost.Of(p.Sfu!) && q.Sfu!.MaxAbsError <= p.Sfu!.MaxAbsError
                && (cost.Of(q.Sfu!) < cost.Of(p.Sfu!) || q.Sfu.MaxAbsError < p.Sfu.MaxAbsError))).ToList();
            var front = AccuracyPlots.Front(_rows, cost.Of);
            Assert.That(front, Is.EquivalentTo(expected), cost.File);
            Assert.That(front, Does.Contain(Point(1024, "linear", "fp32")), "the most accurate table is on every front");
        }
    }

    [Test]
    public void TheSameRowsDrawTheSameBytes()
    {
        Assume.That(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "fonts-dejavu-core");
        string again = Path.Combine(Directory, "again");
        System.IO.Directory.CreateDirectory(again);
        AccuracyPlots.Write(_rows, again);
        foreach (var cost in AccuracyPlots.Costs)
            Assert.That(File.ReadAllBytes(Path.Combine(again, cost.File)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Directory, cost.File))), cost.File);
    }

    [Test]
    public void TheCsvCarriesTheSfuColumns()
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "points.csv"));
        var header = lines[0].Split(',');
        var cells = lines[1..].Select(l => l.Split(',')).ToList();
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        var first = cells.Single(c => Cell(c, "point_index") == "0");
        var r = _rows.Single(p => p.PointIndex == 0);
        Assert.That((Cell(first, "sfu_lut_entries"), Cell(first, "sfu_interpolation"), Cell(first, "sfu_table_format")), Is.EqualTo(("16", "nearest", "bf16")));
        Assert.That(double.Parse(Cell(first, "sfu_max_abs_error"), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(r.Sfu!.MaxAbsError));
        Assert.That(double.Parse(Cell(first, "sfu_pj_per_lookup"), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(2.6).Within(1e-12));
    }
}

using Sim.Cli;
using Sim.Config;
using Sim.Sweep;
using Sim.Tests.Config;
using static Sim.Tests.Sweep.SweepTestSupport;

namespace Sim.Tests.Sweep;

/// <summary>Results stored point by point: resuming, no duplicates, merging shards, exporting.</summary>
public class SweepDatabaseTests
{
    private const string Axes = "axes:\n  scenario.seed: [1, 2, 3]\n  hardware.pe_array.rows: [4, 8]\n";

    [Test]
    public void ASecondRunResumesWithoutRecomputingFinishedPoints()
    {
        using var dir = new TempConfigDir();
        var points = Resolve(WriteSweep(dir, Axes));
        string dbPath = Path.Combine(dir.Root, "out", "results.db");
        List<PointRecord> before;
        using (var db = SweepDatabase.Open(dbPath))
        {
            // As if the first run had been killed after two points.
            var first = SweepRunner.Run("test-sweep", points.Take(2).ToList(), db, jobs: 2);
            Assert.That((first.Ran, first.AlreadyStored), Is.EqualTo((2, 0)));
            before = db.All();
        }
        using (var db = SweepDatabase.Open(dbPath))
        {
            var second = SweepRunner.Run("test-sweep", points, db, jobs: 2);
            Assert.That((second.Points, second.Ran, second.AlreadyStored, second.Errors.Count), Is.EqualTo((6, 4, 2, 0)));
            var after = db.All();
            Assert.That(after.Select(r => r.Key), Is.EquivalentTo(points.Select(p => p.Key)));
            foreach (var r in before)
                Assert.That(after.Single(a => a.Key == r.Key), Is.EqualTo(r), "a finished point is left as it was");
            Assert.That(after.All(r => r.BitExact && r.TotalCycles > 0 && r.EnergyUj > 0 && r.LatencyUs > 0));
            Assert.That(after.Select(r => r.PointIndex), Is.EqualTo(Enumerable.Range(0, 6)));

            var third = SweepRunner.Run("test-sweep", points, db, jobs: 2);
            Assert.That((third.Ran, third.AlreadyStored), Is.EqualTo((0, 6)));
        }
    }

    [Test]
    public void APointStoredByAnotherBuildIsRecomputedNotReused()
    {
        using var dir = new TempConfigDir();
        var point = Resolve(WriteSweep(dir, Axes))[0];
        using var db = SweepDatabase.Open(Path.Combine(dir.Root, "r.db"));
        // The same configuration, as a build with another model stored it, with figures this build would not give.
        string stale = ConfigHash.Canonical(point.Scenario, "sim 0.9 mvid 00000000000000000000000000000000");
        Assert.That(stale, Is.Not.EqualTo(point.Canonical));
        Assert.That(point.Canonical, Does.Contain(ModelStamp.Current), "the key's text names the build that computes the point");
        var old = new PointRecord(ConfigHash.Key(stale), "test-sweep", 0, point.AxesJson, "s", "h", 1, 1, 1, true, "[]", 0,
            "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z", 1, "old-host", stale);
        Assert.That(db.Insert(old), Is.True);

        var outcome = SweepRunner.Run("test-sweep", [point], db, jobs: 1);
        Assert.That((outcome.Ran, outcome.AlreadyStored), Is.EqualTo((1, 0)), "the stale point is not taken for this build's");
        var fresh = db.All().Single(r => r.Key == point.Key);
        Assert.That(fresh.TotalCycles, Is.GreaterThan(1));
        Assert.That(db.All().Single(r => r.Key != point.Key), Is.EqualTo(old), "the other build's point is left as it was");
        Assert.That(SweepRunner.Run("test-sweep", [point], db, jobs: 1).AlreadyStored, Is.EqualTo(1), "this build's own point is reused");
    }

    [Test]
    public void APathThatCannotHoldADatabaseIsOneErrorLine()
    {
        using var dir = new TempConfigDir();
        string file = dir.Write("file", "");
        Assert.That(Assert.Throws<InputError>(() => SweepDatabase.Open(""))!.Message,
            Is.EqualTo("error: sweep database: expected a file path, got an empty one or one with a control character"));
        Assert.That(Assert.Throws<InputError>(() => SweepDatabase.Open(dir.Root))!.Message, Is.EqualTo($"error: {dir.Root}: is a directory, not a sweep database"));
        Assert.That(Assert.Throws<InputError>(() => SweepDatabase.Open(Path.Combine(file, "x.db")))!.Message,
            Does.StartWith($"error: {Path.Combine(file, "x.db")}: cannot create its folder"));
    }

    [Test]
    public void ADatabaseWithoutTheColumnsOfThisSimIsOneErrorLine()
    {
        using var dir = new TempConfigDir();
        string path = Path.Combine(dir.Root, "old.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE points (key TEXT PRIMARY KEY NOT NULL, sweep TEXT NOT NULL) WITHOUT ROWID;";
            command.ExecuteNonQuery();
        }
        Assert.That(Assert.Throws<InputError>(() => SweepDatabase.Open(path, create: false))!.Message, Does.StartWith(
            $"error: {path}: its table 'points' lacks the columns point_index, axes, scenario, hardware, total_cycles"));
    }

    [Test]
    public void ADatabaseWrittenBeforeTheSfuColumnsGainsThemAndKeepsItsRows()
    {
        using var dir = new TempConfigDir();
        string path = Path.Combine(dir.Root, "before-sfu.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The table as the sim before the SFU columns created it, with one point.
            command.CommandText = """
                CREATE TABLE points (key TEXT PRIMARY KEY NOT NULL, sweep TEXT NOT NULL, point_index INTEGER NOT NULL, axes TEXT NOT NULL,
                  scenario TEXT NOT NULL, hardware TEXT NOT NULL, total_cycles INTEGER NOT NULL, latency_us REAL NOT NULL,
                  energy_uj REAL NOT NULL, bit_exact INTEGER NOT NULL, layers TEXT NOT NULL, wall_seconds REAL NOT NULL,
                  started_at TEXT NOT NULL, finished_at TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, config TEXT NOT NULL,
                  area_mm2 REAL NOT NULL, tops_per_watt REAL NOT NULL) WITHOUT ROWID;
                INSERT INTO points VALUES ('k', 's', 0, '{}', 'sc', 'hw', 7, 1.5, 2.5, 1, '[]', 0.1, 'a', 'b', 1, 'h', 'c', 3.5, 0.25);
                """;
            command.ExecuteNonQuery();
        }
        using var db = SweepDatabase.Open(path, create: false);
        var row = db.All().Single();
        Assert.That((row.TotalCycles, row.AreaMm2, row.TopsPerWatt, row.Sfu), Is.EqualTo((7L, 3.5, 0.25, (SfuPointFigures?)null)));
        var withSfu = row with { Key = "k2", Sfu = new SfuPointFigures(256, "linear", "bf16", 0.05, 6.8, 1e-3, 12) };
        Assert.That(db.Insert(withSfu), Is.True);
        Assert.That(db.All().Single(r => r.Key == "k2"), Is.EqualTo(withSfu));
    }

    [Test]
    public void AKeyIsStoredOnce()
    {
        using var dir = new TempConfigDir();
        var points = Resolve(WriteSweep(dir, Axes));
        using var db = SweepDatabase.Open(Path.Combine(dir.Root, "r.db"));
        SweepRunner.Run("test-sweep", points.Take(1).ToList(), db, jobs: 1);
        var record = db.All().Single();
        Assert.That(db.Insert(record with { TotalCycles = 1 }), Is.False);
        Assert.That(db.All().Single(), Is.EqualTo(record));
    }

    [Test]
    public void MergingShardDatabasesKeepsEveryPointOnce()
    {
        using var dir = new TempConfigDir();
        var points = Resolve(WriteSweep(dir, Axes));
        var shardDbs = new List<string>();
        for (int k = 1; k <= 3; k++)
        {
            string path = Path.Combine(dir.Root, $"shard-{k}.db");
            using var db = SweepDatabase.Open(path);
            SweepRunner.Run("test-sweep", new Shard(k, 3).Select(points), db, jobs: 1);
            shardDbs.Add(path);
        }
        string merged = Path.Combine(dir.Root, "merged.db");
        var (added, duplicates) = SweepDatabase.Merge(merged, shardDbs.Append(shardDbs[0]));
        Assert.That((added, duplicates), Is.EqualTo((6, 2)), "shard 1's two points offered twice");
        using var result = SweepDatabase.Open(merged);
        Assert.That(result.All().Select(r => r.Key), Is.EquivalentTo(points.Select(p => p.Key)));
        Assert.That(SweepDatabase.Merge(merged, shardDbs), Is.EqualTo((0, 6)), "merging again adds nothing");
    }

    [Test]
    public void TheCommandWritesCsvAndPlots()
    {
        using var dir = new TempConfigDir();
        string sweep = WriteSweep(dir, Axes);
        string db = Path.Combine(dir.Root, "res", "results.db");
        string csv = Path.Combine(dir.Root, "res", "points.csv");
        var stdout = new StringWriter();
        int code = SweepCommand.Execute(new SweepCommand.Options(sweep, Db: db, Jobs: 2, Csv: csv), stdout, new StringWriter());
        Assert.That(code, Is.EqualTo(0), stdout.ToString());
        var lines = File.ReadAllLines(csv);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("key,point_index,scenario.seed,hardware.pe_array.rows,total_cycles,latency_us,energy_uj,area_mm2,tops_per_watt,sfu_lut_entries,sfu_interpolation,sfu_table_format,sfu_area_mm2,sfu_pj_per_lookup,sfu_max_abs_error,sfu_max_ulp_error,bit_exact,wall_seconds,cycles:c1,cycles:fc,energy_uj:c1,energy_uj:fc"));
            Assert.That(lines, Has.Length.EqualTo(7));
            Assert.That(lines[2], Does.Match(@"^[0-9a-f]{64},1,1,8,\d+,"));
            Assert.That(lines[2], Does.Match(@",,,,,,,,(true|false),"), "no SFU: its seven columns empty");
            Assert.That(stdout.ToString(), Does.Contain("6 run, 0 already stored, 0 failed, 0 not bit-exact"));
            Assert.That(stdout.ToString(), Does.Contain("Pareto front (latency, energy):"));
        });
        string plots = Path.GetDirectoryName(db)!;
        Assume.That(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), "fonts-dejavu-core");
        foreach (string png in new[] { "pareto.png", "efficiency.png", "heatmap.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(plots, png));
            Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }), png);
            Assert.That(bytes.Length, Is.GreaterThan(10_000), png + " has text and cells, not a blank image");
        }
        Assert.That(Directory.GetFiles(plots).Select(Path.GetFileName).Where(f => f!.Contains(".tmp-")), Is.Empty, "each file renamed into place");

        var again = new StringWriter();
        SweepCommand.Execute(new SweepCommand.Options(sweep, Db: db, Jobs: 2, NoPlots: true), again, new StringWriter());
        Assert.That(again.ToString(), Does.Contain("0 run, 6 already stored"));
    }

    [Test]
    public void TheParetoFrontIsThePointsNoOtherBeatsOnBoth()
    {
        PointRecord R(string key, double latency, double energy) =>
            new(key, "s", 0, "{}", "sc", "hw", 1, latency, energy, true, "[]", 0, "", "", 0, "", "");
        var records = new[] { R("a", 1, 10), R("b", 2, 5), R("c", 2, 6), R("d", 3, 5), R("e", 4, 1), R("f", 0.5, 20) };
        Assert.That(SweepPlots.ParetoFront(records).Select(r => r.Key), Is.EqualTo(new[] { "f", "a", "b", "e" }));
    }
    private static PointRecord Point(string key, string axes, double area = 0, double topsPerWatt = 0) =>
        new(key, "s", 0, axes, "sc", "hw", 1, 1, 1, true, "[]", 0, "", "", 0, "", "") { AreaMm2 = area, TopsPerWatt = topsPerWatt };

    [Test]
    public void PointsAreColouredByTheAxisWithFewestValues()
    {
        // rows takes 3 values, memory 2, seed 1 (no contrast), label 12 (more than there are colours): memory.
        var records = Enumerable.Range(0, 12).Select(i =>
            Point($"p{i}", $$"""{"rows": {{8 << (i % 3)}}, "memory": "{{(i % 2 == 0 ? "ddr4" : "hbm2")}}", "seed": 1, "label": "x{{i}}"}""")).ToList();
        Assert.That(SweepPlots.ColourAxis(records), Is.EqualTo("memory"));
        Assert.That(SweepPlots.ColourAxis(records.Take(1).ToList()), Is.Null, "one point: no axis varies");
    }

    [Test]
    public void TheEfficiencyFrontIsThePointsNoSmallerPointBeats()
    {
        // Sorted by area: a (1, 2) leads; b (2, 1.5) is beaten by a; c (2, 3) and e (4, 5) raise the best; d (3, 3) only ties c.
        var records = new[] { Point("c", "{}", 2, 3), Point("a", "{}", 1, 2), Point("b", "{}", 2, 1.5), Point("d", "{}", 3, 3), Point("e", "{}", 4, 5) };
        Assert.That(SweepPlots.EfficiencyFront(records).Select(r => r.Key), Is.EqualTo(new[] { "a", "c", "e" }));
    }
}

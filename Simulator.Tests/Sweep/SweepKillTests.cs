using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sim.Tests.Cli;
using Sim.Tests.Config;

namespace Sim.Tests.Sweep;

/// <summary>
/// A sweep killed with SIGKILL part-way and run again finishes with every point stored exactly once
/// and the points finished before the kill untouched: the real `sim` executable, a real kill.
/// </summary>
[NonParallelizable]
public class SweepKillTests
{
    private const int Points = 10;

    private static Process Start(string dir, string sweep, string db) =>
        SimProcess.Start(dir, "sweep", sweep, "--db", db, "--jobs", "1", "--no-plots");

    /// <summary>Every row's key, pid and finish time; 0 rows when the file or table is not there yet.</summary>
    private static Dictionary<string, (long Pid, string Finished)> Rows(string db)
    {
        var rows = new Dictionary<string, (long, string)>();
        if (!File.Exists(db)) return rows;
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT key, pid, finished_at FROM points";
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add(r.GetString(0), (r.GetInt64(1), r.GetString(2)));
        }
        catch (SqliteException) { /* the table is not created yet */ }
        return rows;
    }

    [Test, CancelAfter(240_000)]
    public void KilledSweepResumesWithoutLosingDuplicatingOrRecomputingPoints()
    {
        using var dir = new TempConfigDir();
        dir.Write("hw.yaml", ConfigTestSupport.Hardware);
        dir.Write("scenario.yaml", """
            name: kill
            hardware: hw.yaml
            seed: 1
            layers:
              - { name: c1, type: conv2d, input: [1, 64, 28, 28], out_channels: 96, kernel: [3, 3], padding: 1 }
            """);
        dir.Write("sweep.yaml", $"name: kill\nscenario: scenario.yaml\naxes:\n  scenario.seed: [{string.Join(", ", Enumerable.Range(1, Points))}]\n");
        string db = Path.Combine(dir.Root, "results.db");

        var clock = Stopwatch.StartNew();
        using (var first = Start(dir.Root, "sweep.yaml", db))
        {
            while (Rows(db).Count < 2)
            {
                Assert.That(first.HasExited, Is.False, () => "the sweep ended before it could be killed: " + first.StandardError.ReadToEnd());
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(180)), "no point stored in time");
                Thread.Sleep(20);
            }
            first.Kill(entireProcessTree: true); // SIGKILL
            first.WaitForExit();
        }
        var beforeRerun = Rows(db);
        TestContext.Out.WriteLine($"killed after {clock.Elapsed.TotalSeconds:0.0} s with {beforeRerun.Count} of {Points} points stored");
        Assert.That(beforeRerun.Count, Is.InRange(2, Points - 1), "killed part-way");

        using (var second = Start(dir.Root, "sweep.yaml", db))
        {
            string stdout = second.StandardOutput.ReadToEnd();
            second.WaitForExit();
            Assert.That(second.ExitCode, Is.EqualTo(0), stdout + second.StandardError.ReadToEnd());
            Assert.That(stdout, Does.Contain($"{Points - beforeRerun.Count} run, {beforeRerun.Count} already stored, 0 failed"));
        }
        var after = Rows(db);
        Assert.Multiple(() =>
        {
            Assert.That(after, Has.Count.EqualTo(Points), "every point present, once (the key is the primary key)");
            foreach (var (key, row) in beforeRerun)
                Assert.That(after[key], Is.EqualTo(row), $"point {key[..12]} was not recomputed");
            Assert.That(after.Values.Select(r => r.Pid).Distinct().Count(), Is.EqualTo(2), "the first run's points and the second's");
        });
        TestContext.Out.WriteLine($"kill test took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}

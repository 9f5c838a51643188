using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sim.Run;

namespace Sim.Sweep;

/// <summary>What a sweep run did: points in its share, found already stored, run now, not bit-exact, failed.</summary>
internal sealed record SweepOutcome(int Points, int AlreadyStored, int Ran, int NotBitExact, IReadOnlyList<string> Errors);

/// <summary>
/// Runs the points a database does not hold yet, <c>jobs</c> at a time, each on its own thread, and
/// stores each as soon as it finishes, in its own transaction. A point that throws is reported and
/// not stored, so the next run retries it.
/// </summary>
internal static class SweepRunner
{
    /// <param name="onPointDone">Called after each point finishes (stored or failed), from a worker thread.</param>
    public static SweepOutcome Run(
        string sweepName, IReadOnlyList<ResolvedPoint> points, SweepDatabase db, int jobs, Action<ResolvedPoint>? onPointDone = null)
    {
        var stored = db.Keys();
        var todo = points.Where(p => !stored.Contains(p.Key)).ToList();
        int already = points.Count - todo.Count;
        int next = -1, ran = 0, notExact = 0;
        var errors = new List<string>();
        int pid = Environment.ProcessId;
        string host = Environment.MachineName;

        void Worker()
        {
            while (true)
            {
                int i = Interlocked.Increment(ref next);
                if (i >= todo.Count) return;
                var point = todo[i];
                try
                {
                    string started = Now();
                    var clock = Stopwatch.StartNew();
                    var run = ScenarioRunner.Run(point.Scenario);
                    double wall = clock.Elapsed.TotalSeconds;
                    var record = new PointRecord(
                        point.Key, sweepName, point.Index, point.AxesJson, run.Scenario, run.Hardware,
                        run.TotalCycles, run.LatencyMicroseconds, run.Layers.Sum(l => l.Energy.TotalPj) / 1e6, run.AllBitExact,
                        LayersJson(run), wall, started, Now(), pid, host, point.Canonical)
                    {
                        AreaMm2 = run.Area.TotalMm2,
                        TopsPerWatt = run.TopsPerWatt,
                        Sfu = SfuPointFigures.Of(point.Scenario.Hardware, run),
                    };
                    if (db.Insert(record))
                    {
                        Interlocked.Increment(ref ran);
                        if (!run.AllBitExact) Interlocked.Increment(ref notExact);
                    }
                    else
                        Interlocked.Increment(ref already); // stored meanwhile by another process on the same database
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    lock (errors) errors.Add($"point {point.Index} ({point.AxesJson}): {e.GetType().Name}: {e.Message}");
                }
                onPointDone?.Invoke(point);
            }
        }

        var threads = Enumerable.Range(0, Math.Max(1, Math.Min(jobs, todo.Count)))
            .Select(t => new Thread(Worker) { Name = $"sweep-{t}", IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return new SweepOutcome(points.Count, already, ran, notExact, errors);
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Each layer's figures as a JSON array.</summary>
    public static string LayersJson(RunSummary run)
    {
        var array = new JsonArray();
        foreach (var l in run.Layers)
            array.Add(new JsonObject
            {
                ["name"] = l.Name,
                ["type"] = l.Type,
                ["cycles"] = l.Cycles,
                ["compute_cycles"] = l.Timing.ComputeCycles,
                ["dram_stall_cycles"] = l.Timing.DramStallCycles,
                ["link_stall_cycles"] = l.Timing.LinkStallCycles,
                ["idle_cycles"] = l.Timing.IdleCycles,
                ["macs"] = l.Macs,
                ["utilisation"] = Math.Round(l.Utilisation, 6),
                ["dram_bytes"] = l.DramBytesRead + l.DramBytesWritten,
                ["energy_uj"] = l.Energy.TotalPj / 1e6,
                ["bit_exact"] = l.BitExact,
                ["output_sha256"] = l.OutputSha256,
            });
        return array.ToJsonString();
    }
}

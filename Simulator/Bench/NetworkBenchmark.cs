using System.Diagnostics;
using Sim.Config;
using Sim.Profiling;
using Sim.Report;
using Sim.Run;
using Sim.Scenarios;

namespace Sim.Bench;

/// <summary>
/// A whole `sim run` of a network (loading, <see cref="RunAndReport"/>) timed from the outside: wall time,
/// host CPU time, peak memory, and the host time of each phase (<see cref="RunPhases"/>).
/// </summary>
internal static class NetworkBenchmark
{
    public sealed record Result(int ExitCode, double WallSeconds, double CpuSeconds, long PeakWorkingSetBytes,
        long PeakGcHeapBytes, IReadOnlyList<(string Phase, double WallSeconds, double CpuSeconds)> Phases, RunSummary Run);

    public static Result Measure(string scenarioPath, string? hwPath, string outDir)
    {
        var phases = new RunPhases();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var scenario = phases.Time("loading the scenario", () => ScenarioLoader.Load(scenarioPath, hwPath));
        var run = RunAndReport.Execute(scenario, outDir, phases).Run;
        int code = run.AllBitExact ? 0 : 1;
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        // The largest heap any collection saw, over the process's life.
        long gcPeak = 0;
        foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
            gcPeak = Math.Max(gcPeak, GC.GetGCMemoryInfo(kind).HeapSizeBytes);
        return new Result(code, wall, (process.TotalProcessorTime - cpu).TotalSeconds, process.PeakWorkingSet64,
            Math.Max(gcPeak, GC.GetTotalMemory(false)), phases.Totals(), run);
    }
}

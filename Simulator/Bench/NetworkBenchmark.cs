using System.Diagnostics;
using Sim.Cli;
using Sim.Run;

namespace Sim.Bench;

/// <summary>
/// A whole `sim run` of a network timed from the outside: wall time, host CPU time, peak memory, and the
/// host time of each phase (<see cref="RunPhases"/>), with the run's own output discarded.
/// </summary>
public static class NetworkBenchmark
{
    public sealed record Result(int ExitCode, double WallSeconds, double CpuSeconds, long PeakWorkingSetBytes,
        long PeakGcHeapBytes, IReadOnlyList<(string Phase, double WallSeconds, double CpuSeconds)> Phases, string Table);

    public static Result Measure(string scenarioPath, string? hwPath, string outDir)
    {
        var phases = new RunPhases();
        var stdout = new StringWriter();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        int code = RunCommand.Execute(scenarioPath, hwPath, outDir, stdout, TextWriter.Null, phases: phases);
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        // The largest heap any collection saw, over the process's life.
        long gcPeak = 0;
        foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
            gcPeak = Math.Max(gcPeak, GC.GetGCMemoryInfo(kind).HeapSizeBytes);
        return new Result(code, wall, (process.TotalProcessorTime - cpu).TotalSeconds, process.PeakWorkingSet64,
            Math.Max(gcPeak, GC.GetTotalMemory(false)), phases.Totals(), stdout.ToString());
    }
}

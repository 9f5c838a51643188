using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sim.Profiling;

/// <summary>
/// Host time spent in each phase of a run (operand generation, fast model, golden model, timing, reports),
/// summed over layers, for `sim bench network`. Phases on other threads (the golden model) are summed as
/// they run, so the phases may add up to more than the wall time. Beside the wall time, each phase gets the
/// CPU time of the thread that ran it (Linux), which other programs sharing the cores do not inflate.
/// <see cref="Off"/> measures nothing. Thread-safe.
/// </summary>
internal sealed partial class RunPhases
{
    /// <summary>A timer that records nothing, for runs that are not profiled.</summary>
    public static RunPhases Off { get; } = new(enabled: false);

    private readonly bool _enabled;
    private readonly Dictionary<string, (long Ticks, long CpuNs)> _ticks = new();
    private readonly List<string> _order = new();

    public RunPhases() : this(enabled: true) { }

    private RunPhases(bool enabled) => _enabled = enabled;

    /// <summary>Starts timing <paramref name="phase"/> until the returned scope is disposed.</summary>
    public Scope Start(string phase) =>
        _enabled ? new(this, phase, Stopwatch.GetTimestamp(), ThreadCpuNanoseconds()) : new(this, phase, 0, 0);

    /// <summary>Runs <paramref name="work"/> as <paramref name="phase"/>.</summary>
    public T Time<T>(string phase, Func<T> work)
    {
        using var _ = Start(phase);
        return work();
    }

    /// <summary>Wall and thread CPU seconds per phase (CPU NaN where the system cannot tell), in the order each was first seen.</summary>
    public IReadOnlyList<(string Phase, double WallSeconds, double CpuSeconds)> Totals()
    {
        bool cpu = ThreadCpuNanoseconds() >= 0;
        lock (_ticks)
            return _order.Select(p => (p, _ticks[p].Ticks / (double)Stopwatch.Frequency, cpu ? _ticks[p].CpuNs / 1e9 : double.NaN)).ToList();
    }

    private void Add(string phase, long ticks, long cpuNs)
    {
        lock (_ticks)
        {
            if (!_ticks.TryGetValue(phase, out var sum)) _order.Add(phase);
            _ticks[phase] = (sum.Ticks + ticks, sum.CpuNs + cpuNs);
        }
    }

    public readonly struct Scope(RunPhases phases, string phase, long started, long startedCpuNs) : IDisposable
    {
        public void Dispose()
        {
            if (phases._enabled)
                phases.Add(phase, Stopwatch.GetTimestamp() - started, ThreadCpuNanoseconds() - startedCpuNs);
        }
    }

    /// <summary>CPU time of the calling thread in nanoseconds (Linux clock_gettime), or -1 elsewhere.</summary>
    private static long ThreadCpuNanoseconds()
    {
        if (!_threadClockWorks) return -1;
        const int ClockThreadCpuTimeId = 3;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : -1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _threadClockWorks = false;
            return -1;
        }
    }

    private static bool _threadClockWorks = OperatingSystem.IsLinux();

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}

using System.Diagnostics;
using Sim.Memory.Dram;

namespace Sim.Bench;

/// <summary>
/// Simulated DRAM requests per second of wall-clock time, on traces generated in memory: a
/// sequential read stream (mostly row hits, one decision per burst) and uniformly random reads and
/// writes (mostly row conflicts, three commands a request).
/// </summary>
internal static class DramBenchmark
{
    public sealed record Result(string Trace, long Requests, double Seconds, long SimulatedCycles, long AllocatedBytes)
    {
        public double RequestsPerSecond => Requests / Seconds;
    }

    public static DramTrace Streaming(int requests, int bytesPerBurst)
    {
        var addresses = new long[requests];
        for (int i = 0; i < requests; i++) addresses[i] = (long)i * bytesPerBurst;
        return new DramTrace(addresses, new bool[requests], new long[requests]);
    }

    public static DramTrace Random(int requests, int bytesPerBurst, int seed)
    {
        var random = new System.Random(seed);
        var addresses = new long[requests];
        var writes = new bool[requests];
        for (int i = 0; i < requests; i++)
        {
            addresses[i] = random.NextInt64(1L << 34) / bytesPerBurst * bytesPerBurst;
            writes[i] = random.Next(3) == 0;
        }
        return new DramTrace(addresses, writes, new long[requests]);
    }

    public static Result Measure(DramConfig config, string name, DramTrace trace)
    {
        // Warm up on a copy of the model so the JIT has optimised the hot path before timing.
        new DramTraceRunner(config).Run(new DramTrace(trace.Addresses[..Math.Min(trace.Count, 200_000)],
            trace.IsWrite[..Math.Min(trace.Count, 200_000)], trace.Cycles[..Math.Min(trace.Count, 200_000)]));
        var runner = new DramTraceRunner(config);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var result = runner.Run(trace);
        watch.Stop();
        return new Result(name, trace.Count, watch.Elapsed.TotalSeconds, result.TotalCycles,
            GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }
}

using System.Diagnostics;
using Sim.Engine;

namespace Sim.Bench;

/// <summary>
/// Event throughput of the engine on a load shaped like a simulation: many components in three
/// clock domains, each acting on its own clock edges every few cycles, so the queue holds
/// hundreds of events at once and edges of different domains interleave.
/// </summary>
internal static class EngineBenchmark
{
    private sealed class Ticker(EventEngine engine, ClockDomain clock, int stride) : IEventTarget
    {
        public long Ticks;
        public void OnEvent(int kind, long argument)
        {
            Ticks++;
            engine.ScheduleOnEdge(clock, stride, this, kind, argument);
        }
    }

    public sealed record Result(long Events, double Seconds, long AllocatedBytes)
    {
        public double EventsPerSecond => Events / Seconds;
    }

    public static Result Measure(long events, int components)
    {
        var engine = new EventEngine();
        ClockDomain[] clocks =
        [
            ClockDomain.FromMhz("core", 1000), ClockDomain.FromMhz("dram", 1200), ClockDomain.FromMhz("link", 250),
        ];
        for (int i = 0; i < components; i++)
        {
            var ticker = new Ticker(engine, clocks[i % 3], 1 + i % 7);
            engine.ScheduleOnEdge(clocks[i % 3], i % 5, ticker, 0, i);
        }
        // Warm up: let the JIT reach its optimised code and the heap its working size before measuring.
        while (engine.EventsProcessed < 2_000_000) engine.RunUntil(engine.Now + clocks[0].TimeOf(1000));

        long before = engine.EventsProcessed;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        long step = clocks[0].TimeOf(1000), until = engine.Now;
        while (engine.EventsProcessed - before < events)
            engine.RunUntil(until += step);
        watch.Stop();
        return new Result(engine.EventsProcessed - before, watch.Elapsed.TotalSeconds,
            GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }
}

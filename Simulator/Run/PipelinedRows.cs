using Sim.Accelerator;
using Sim.Config;
using Sim.Memory.Dram;

namespace Sim.Run;

/// <summary>
/// A layer-pipelined run's stages ("conv1..pool1 | res2_1x1..res3_3x3 | ...") and each inference's latency in core
/// cycles: from the moment its first layer's core turned to it (or its first load) to its last layer's last store or
/// download.
/// </summary>
internal sealed record PipelineResult(string Stages, int StageCount, IReadOnlyList<long> LatencyCycles);

/// <summary>
/// A layer-pipelined program's rows, one a layer, from its entries (one a layer and inference, <see cref="PipelinedProgram"/>):
/// <list type="bullet">
/// <item>Its timing and per-core cycles: the sums over its inferences, as its stage's core spent them. Stages run side by
///   side, so the layers' cycles add up to more than the run's.</item>
/// <item>Its energy: its own actions; the run's DRAM counters and NoC byte-hops (which cannot be told apart while stages
///   overlap) dealt to the layers in proportion to their device-memory bytes; the chip's static power for the run's
///   cycles dealt in proportion to the layers' own cycles (their cycles less overlap), so it is counted once.</item>
/// </list>
/// </summary>
internal static class PipelinedRows
{
    public static ProgramResult Of(HardwareConfig hw, IReadOnlyList<ProgramLayer> layers, IReadOnlyList<LayerTraffic> traffic,
        IReadOnlySet<int> onChip, PipelinedProgram pipelined, Machine machine, ProgramTiming timing, SetupResult setup, DramStats? dram,
        long nocByteHops)
    {
        int n = layers.Count;
        var timings = new LayerTiming[n];
        var cores = new CoreCycles[n];
        for (int l = 0; l < n; l++)
        {
            var entries = Enumerable.Range(0, pipelined.Batch).Select(b => pipelined.Entry(l, b)).ToArray();
            timings[l] = Sum(entries.Select(e => timing.Layers[e]));
            var perCore = entries.Select(machine.CoreCycles).ToArray();
            cores[l] = new CoreCycles(Enumerable.Range(0, hw.Cores).Select(c => perCore.Sum(p => p.Compute[c])).ToArray(),
                Enumerable.Range(0, hw.Cores).Select(c => perCore.Sum(p => p.Conflict[c])).ToArray());
        }

        long bytes = traffic.Sum(t => t.DramBytes), own = timings.Sum(t => t.Cycles - t.OverlapCycles);
        long bytesBefore = 0, ownBefore = 0;
        var rows = new LayerResult[n];
        for (int l = 0; l < n; l++)
        {
            long b0 = bytesBefore, o0 = ownBefore;
            bytesBefore += traffic[l].DramBytes;
            ownBefore += timings[l].Cycles - timings[l].OverlapCycles;
            rows[l] = LayerResults.Of(hw, layers[l].Name, layers[l].Type, layers[l].Work, timings[l], traffic[l],
                bytes == 0 ? null : dram?.Part(b0, bytesBefore, bytes), cores[l], Part(nocByteHops, b0, bytesBefore, bytes),
                chipCycles: Part(timing.Cycles, o0, ownBefore, own)) with { OutputOnChip = onChip.Contains(l) };
        }
        return new ProgramResult(rows, setup, timing.Cycles) { Pipeline = Latencies(machine, pipelined, layers) };
    }

    private static PipelineResult Latencies(Machine machine, PipelinedProgram pipelined, IReadOnlyList<ProgramLayer> layers)
    {
        var latencies = new long[pipelined.Batch];
        for (int b = 0; b < pipelined.Batch; b++)
        {
            long start = long.MaxValue, end = long.MinValue;
            for (int l = 0; l < pipelined.Layers; l++)
            {
                int e = pipelined.Entry(l, b);
                var span = machine.Controllers[pipelined.Cores[e]].Span(e);
                start = Math.Min(start, span.Start);
                end = Math.Max(end, span.End);
            }
            latencies[b] = machine.Core.CyclesSpanning(end - start);
        }
        return new PipelineResult(pipelined.Stages.Describe(layers.Select(l => l.Name).ToArray()), pipelined.Stages.Count, latencies);
    }

    private static LayerTiming Sum(IEnumerable<LayerTiming> parts) => parts.Aggregate(default(LayerTiming), (a, t) =>
        new LayerTiming(a.Cycles + t.Cycles, a.ComputeCycles + t.ComputeCycles, a.DramStallCycles + t.DramStallCycles,
            a.LinkStallCycles + t.LinkStallCycles, a.IdleCycles + t.IdleCycles, a.ConflictCycles + t.ConflictCycles)
        {
            OverlapCycles = a.OverlapCycles + t.OverlapCycles,
        });

    /// <summary>The part of <paramref name="total"/> from <paramref name="from"/>/<paramref name="whole"/> to <paramref name="to"/>/<paramref name="whole"/>.</summary>
    private static long Part(long total, long from, long to, long whole) =>
        whole == 0 ? 0 : (long)((Int128)total * to / whole - (Int128)total * from / whole);
}

using System.Diagnostics;
using Sim.PeArray;

namespace Sim.Cosim;

/// <summary>A layer's tiles run back to back on both sides: per-tile cycles, the RTL's totals, the first difference, the time each took.</summary>
internal sealed record SequenceOutcome(long FastCycles, long RtlCycles, TileStats RtlStats, string? Mismatch, TimeSpan FastTime, TimeSpan RtlTime);

/// <summary>
/// A layer's tiles as one back-to-back run on an array with two weight buffers per PE: the fast model (each
/// tile's numerics by <see cref="TileModel"/>, its cycles by <see cref="WeightPipeline"/>) against the Verilog
/// array driven by <see cref="TileDriver.RunSequence"/>, compared tile by tile on outputs, cycles and vectors
/// issued. A difference is located by rerunning the run with the RTL and the register-level model in lockstep.
/// </summary>
internal static class SequenceCosim
{
    public static SequenceOutcome Run(RtlConfig rtl, PeArrayFeatures features, PeDatapath datapath, IReadOnlyList<TileJob> jobs,
        string layer, string? waveformDirectory)
    {
        var clock = Stopwatch.StartNew();
        var pipeline = new WeightPipeline(rtl.Rows, rtl.Cols);
        var fast = new (int[] Outputs, long Cycles, long Streamed)[jobs.Count];
        for (int t = 0; t < jobs.Count; t++)
        {
            var j = jobs[t];
            var outputs = new int[j.M * j.N];
            var stats = TileModel.Execute(features, datapath, rtl.Rows, rtl.Cols, j.Activations, j.Weights, outputs, j.M, j.K, j.N);
            int used = features.Structured24 ? Structured24.CompressedRows(j.K) : j.K;
            fast[t] = (outputs, pipeline.Add((int)stats.VectorsStreamed, used, j.N), stats.VectorsStreamed);
        }
        var fastTime = clock.Elapsed;

        clock.Restart();
        using var array = new RtlPeArray(rtl);
        TileStats[] rtlTiles;
        try
        {
            rtlTiles = new TileDriver(array).RunSequence(features, datapath, jobs);
        }
        catch (ArrayProtocolFault e)
        {
            string located = $"layer {layer}, its back-to-back run: the RTL broke the output protocol: {e.Message}; " +
                             Locate(rtl, features, datapath, jobs, waveformDirectory);
            return new SequenceOutcome(fast.Sum(f => f.Cycles), 0, default, located, fastTime, clock.Elapsed);
        }
        var rtlStats = new TileStats(rtlTiles.Sum(s => s.Cycles), rtlTiles.Sum(s => s.VectorsStreamed),
            Sum(array.MacsActive), Sum(array.MacsGated), Sum(array.MacsRepeated));
        var rtlTime = clock.Elapsed;

        string? mismatch = null;
        for (int t = 0; t < jobs.Count && mismatch is null; t++)
        {
            var (outputs, cycles, streamed) = fast[t];
            var fromRtl = jobs[t].Accumulators;
            int differs = outputs.AsSpan().CommonPrefixLength(fromRtl);
            string? difference = differs < outputs.Length
                ? $"y[{differs / jobs[t].N}][{differs % jobs[t].N}]: fast model {outputs[differs]}, RTL {fromRtl[differs]}"
                : cycles != rtlTiles[t].Cycles ? $"cycles: fast model {cycles}, RTL {rtlTiles[t].Cycles}"
                : streamed != rtlTiles[t].VectorsStreamed ? $"vectors issued: fast model {streamed}, RTL {rtlTiles[t].VectorsStreamed}"
                : null;
            if (difference is not null)
                mismatch = $"layer {layer}, tile {t} of its back-to-back run: {difference}; {Locate(rtl, features, datapath, jobs, waveformDirectory)}";
        }
        return new SequenceOutcome(fast.Sum(f => f.Cycles), rtlStats.Cycles, rtlStats, mismatch, fastTime, rtlTime);
    }

    private static string Locate(RtlConfig rtl, PeArrayFeatures features, PeDatapath datapath, IReadOnlyList<TileJob> jobs, string? waveformDirectory)
    {
        var fresh = jobs.Select(j => j with { Accumulators = new int[j.M * j.N] }).ToList();
        using var lockstep = new LockstepCosimulator(rtl, waveformDirectory);
        try
        {
            new TileDriver(lockstep).RunSequence(features, datapath, fresh);
        }
        catch (CosimMismatchException e)
        {
            return e.Message;
        }
        return "the RTL agrees with the register-level model on every cycle of the run, so the fast model is the one that differs";
    }

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long sum = 0;
        foreach (long c in counts) sum += c;
        return sum;
    }
}

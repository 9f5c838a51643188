using Sim.Memory.Dram;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>
/// A guard for rewrites of the DRAM model's internals: a fixed seeded trace of mixed reads and
/// writes, part streaming and part random, with idle gaps and bursts that fill the queue, is run and
/// everything observable is folded into one checksum: every command in issue order (command,
/// channel, rank, bank, row, cycle) and every request's completion (tag, read or write, arrival,
/// completion cycle). A change to the cycle of any command or completion changes the checksum.
/// </summary>
public class DramDeterminismTests
{
    // The expected figures were first captured from the reference implementation (commit a47fab3,
    // the straightforward scan of the whole queue at every decision) before any optimisation, and the
    // optimised scheduler reproduced them exactly. They were then changed once, on purpose, by the
    // FR-FCFS fix that keeps a row open while it has pending hits (FrFcfsScheduler.RowHitHoldCap):
    // fewer activates (saturated random DDR4: 25,189 -> 20,842 for 20,000 requests) and fewer cycles;
    // and again by the rule that the cap never closes a row before the request that opened it is served
    // (RowHoldTests): saturated random DDR4 20,842 -> 20,108 activates, 99,899 -> 99,013 cycles; and on the
    // two-rank DDR4 by tRTRS, the bus's rank-to-rank switching time (1 cycle): 99,013 -> 106,883 cycles.
    // An optimisation must reproduce them exactly; only a deliberate change of the scheduling policy
    // may change them, in a commit of its own that says why.
    [TestCase("ddr4-2400", PagePolicy.Open, 0xC26BBDC8406DC42DUL, 700_376L, 37_691L)]
    [TestCase("ddr4-2400", PagePolicy.Close, 0xC9F04500CE61435BUL, 700_586L, 40_234L)]
    [TestCase("hbm2", PagePolicy.Open, 0x07C920EE594E74AAUL, 700_185L, 40_200L)]
    public void MixedTraceIsCycleIdenticalToTheReference(string preset, PagePolicy policy,
        ulong expectedChecksum, long expectedCycles, long expectedActivates)
    {
        var config = Preset(preset);
        config = config with { Controller = config.Controller with { PagePolicy = policy } };
        var (checksum, result) = Run(config, MixedTrace(seed: 2024, requests: 40_000));
        Assert.Multiple(() =>
        {
            Assert.That(result.TotalCycles, Is.EqualTo(expectedCycles), "total cycles");
            Assert.That(result.Stats.Activates, Is.EqualTo(expectedActivates), "activates");
            Assert.That(checksum, Is.EqualTo(expectedChecksum), $"checksum 0x{checksum:X16}");
        });
    }

    // The benchmark's random trace, all requests offered at once: the queue stays full throughout.
    [TestCase("ddr4-2400", 0x8A39F7EC1E32B8F4UL, 106_883L, 20_112L)]
    [TestCase("hbm2", 0x583342B8C5CFD117UL, 21_489L, 20_084L)]
    public void SaturatedRandomTraceIsCycleIdenticalToTheReference(string preset,
        ulong expectedChecksum, long expectedCycles, long expectedActivates)
    {
        var config = Preset(preset);
        var (checksum, result) = Run(config, Sim.Bench.DramBenchmark.Random(20_000, config.Organization.BytesPerBurst, seed: 1));
        Assert.Multiple(() =>
        {
            Assert.That(result.TotalCycles, Is.EqualTo(expectedCycles), "total cycles");
            Assert.That(result.Stats.Activates, Is.EqualTo(expectedActivates), "activates");
            Assert.That(checksum, Is.EqualTo(expectedChecksum), $"checksum 0x{checksum:X16}");
        });
    }

    /// <summary>
    /// Half the requests continue the previous one's address (row hits), half jump anywhere (misses
    /// and conflicts, across ranks, banks and channels); a third are writes. Arrivals come in runs
    /// of back-to-back requests that overflow the queue, separated by gaps long enough to drain it.
    /// </summary>
    private static DramTrace MixedTrace(int seed, int requests)
    {
        var random = new Random(seed);
        var addresses = new long[requests];
        var writes = new bool[requests];
        var cycles = new long[requests];
        long address = 0, cycle = 0;
        for (int i = 0; i < requests; i++)
        {
            address = random.Next(2) == 0 ? address + 64 : random.NextInt64(1L << 34) & ~63L;
            addresses[i] = address;
            writes[i] = random.Next(3) == 0;
            cycle += random.Next(100) switch { < 60 => 0, < 98 => random.Next(1, 8), _ => random.Next(200, 1500) };
            cycles[i] = cycle;
        }
        return new DramTrace(addresses, writes, cycles);
    }

    private static (ulong Checksum, DramTraceResult Result) Run(DramConfig config, DramTrace trace)
    {
        var hash = new Hash();
        var result = new DramTraceRunner(config, hash) { Completions = hash }.Run(trace);
        Assert.That(hash.Completions, Is.EqualTo(trace.Count), "every request completes once");
        return (hash.Value, result);
    }

    /// <summary>FNV-1a over 64-bit words, fed by the command observer and the completion sink.</summary>
    private sealed class Hash : IDramCommandObserver, IDramCompletionSink
    {
        public ulong Value { get; private set; } = 14695981039346656037UL;
        public int Completions { get; private set; }

        public void OnCommand(DramCommand command, int channel, int rank, int bank, int row, long cycle)
        {
            Add((long)command); Add(channel); Add(rank); Add(bank); Add(row); Add(cycle);
        }

        public void OnComplete(int tag, bool isWrite, long arrivalCycle, long completionCycle)
        {
            Completions++;
            Add(-1); Add(tag); Add(isWrite ? 1 : 0); Add(arrivalCycle); Add(completionCycle);
        }

        private void Add(long word) => Value = (Value ^ (ulong)word) * 1099511628211UL;
    }
}

using Sim.Memory.Dram;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>
/// The DRAM model against figures worked out by hand from the DDR4-2400 timings (cycles of
/// tCK = 0.833 ns): CL 17, CWL 12, tRCD 17, tRP 17, tRAS 39, tRC 56, tCCD_S/L 4/6, tRRD_S/L 4/6,
/// tFAW 26, tWTR_S/L 3/9, tRTP 9, tRFC 420, tREFI 9360, tRTRS 1, 4 data cycles a burst. The controller adds
/// no cycles of its own: a request entering at cycle c can have its first command issued at c.
/// </summary>
public class DramTimingTests
{
    private static readonly DramConfig Ddr4 = Preset("ddr4-2400");

    private static (DramTraceResult Result, CommandLog Log) Run(DramConfig config, DramTrace trace)
    {
        var log = new CommandLog();
        return (new DramTraceRunner(config, log).Run(trace), log);
    }

    [Test]
    public void ClosedBankReadTakesTrcdPlusClPlusBurst()
    {
        // ACT at 0, READ at tRCD = 17, data from 17 + CL = 34 for 4 cycles: done at 38.
        var (result, log) = Run(Ddr4, Reads([Ddr4Address(row: 5)]));
        Assert.That(result.TotalCycles, Is.EqualTo(38));
        Assert.That(result.AverageReadLatencyCycles, Is.EqualTo(38));
        Assert.That(log.CyclesOf(DramCommand.Activate), Is.EqualTo(new long[] { 0 }));
        Assert.That(log.CyclesOf(DramCommand.Read), Is.EqualTo(new long[] { 17 }));
    }

    [Test]
    public void RowHitReadTakesClPlusBurst()
    {
        // The first read opens row 5 (done at 38); the second arrives at 100 to the open row:
        // READ at 100, done at 100 + 17 + 4 = 121, a latency of 21.
        var (result, _) = Run(Ddr4, Trace([(Ddr4Address(row: 5), false, 0), (Ddr4Address(row: 5, column: 1), false, 100)]));
        Assert.That(result.TotalCycles, Is.EqualTo(121));
        Assert.That(result.AverageReadLatencyCycles, Is.EqualTo((38 + 21) / 2.0));
        Assert.That(result.Stats.RowHits, Is.EqualTo(1));
    }

    [Test]
    public void RowConflictReadAddsTrp()
    {
        // Row 5 open since the ACT at 0 (tRAS until 39, tRTP after the READ at 17 until 26). A read
        // of row 6 at 100: PRE at 100, ACT at 117, READ at 134, done at 155: latency 55 = 17 + 17 + 17 + 4.
        var (result, log) = Run(Ddr4, Trace([(Ddr4Address(row: 5), false, 0), (Ddr4Address(row: 6), false, 100)]));
        Assert.That(result.TotalCycles, Is.EqualTo(155));
        Assert.That(result.AverageReadLatencyCycles, Is.EqualTo((38 + 55) / 2.0));
        Assert.That(log.CyclesOf(DramCommand.Precharge), Is.EqualTo(new long[] { 100 }));
        Assert.That(result.Stats.RowConflicts, Is.EqualTo(1));
    }

    [Test]
    public void RowConflictsInOneBankRunAtOneAccessPerTrc()
    {
        // A queue of one, so each request is a conflict with the row its predecessor opened. ACT at
        // 0, READ at 17; PRE at max(tRAS = 39, 17 + tRTP = 26) = 39; ACT at 39 + tRP = 56 = tRC.
        // 150 accesses span 150 x 56 = 8400 cycles, before the first refresh (9360): every gap is 56.
        var config = WithQueueDepth(Ddr4, 1);
        var (_, log) = Run(config, Reads(Enumerable.Range(0, 150).Select(i => Ddr4Address(row: i % 2))));
        var acts = log.CyclesOf(DramCommand.Activate);
        Assert.That(acts, Has.Length.EqualTo(150));
        Assert.That(acts.Zip(acts.Skip(1), (a, b) => b - a), Is.All.EqualTo(56));
    }

    [Test]
    public void BankGroupInterleavedStreamReachesNinetyPercentOfPeak()
    {
        // Consecutive bursts alternate bank groups, so reads go tCCD_S = 4 apart: one 64-byte burst
        // every 4 cycles of 0.833 ns = 19.2 GB/s, less refresh (420 / 9360 = 4.5 %).
        var (result, log) = Run(Ddr4, Reads(Enumerable.Range(0, 20_000).Select(i => i * 64L)));
        Assert.That(result.BandwidthGBps, Is.GreaterThanOrEqualTo(0.90 * 19.2));
        var reads = log.CyclesOf(DramCommand.Read);
        Assert.That(Median(reads.Zip(reads.Skip(1), (a, b) => b - a)), Is.EqualTo(4));
    }

    [Test]
    public void StreamInsideOneBankGroupIsHeldToTccdL()
    {
        // Rank and bank group most significant: a stream stays in group 0 of rank 0 (another rank
        // would not be held to tCCD_L), reads tCCD_L = 6 apart instead of 4: 4 / 6 = 67 % of peak,
        // and refresh takes another 4.5 % of that (64 %).
        var config = WithMapping(Ddr4, AddressField.Rank, AddressField.BankGroup, AddressField.Row,
            AddressField.Bank, AddressField.Column, AddressField.Channel);
        var (result, log) = Run(config, Reads(Enumerable.Range(0, 20_000).Select(i => i * 64L)));
        var reads = log.CyclesOf(DramCommand.Read);
        Assert.That(Median(reads.Zip(reads.Skip(1), (a, b) => b - a)), Is.EqualTo(6));
        Assert.That(result.BandwidthGBps / 19.2, Is.InRange(0.60, 0.67));
    }

    [Test]
    public void RandomActivatesRespectTrrdAndTfaw()
    {
        var random = new Random(7);
        var trace = Reads(Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(1L << 34) & ~63L));
        var (_, log) = Run(Ddr4, trace);
        foreach (var rank in log.Commands.Where(c => c.Command == DramCommand.Activate).GroupBy(c => c.Rank))
        {
            var acts = rank.ToArray();
            for (int i = 1; i < acts.Length; i++)
            {
                long gap = acts[i].Cycle - acts[i - 1].Cycle;
                bool sameGroup = acts[i].Bank / 4 == acts[i - 1].Bank / 4;
                Assert.That(gap, Is.GreaterThanOrEqualTo(sameGroup ? 6 : 4), $"activates {i - 1} and {i} of rank {rank.Key}");
            }
            for (int i = 4; i < acts.Length; i++)
                Assert.That(acts[i].Cycle - acts[i - 4].Cycle, Is.GreaterThanOrEqualTo(26), $"five activates within tFAW, rank {rank.Key}");
            foreach (var bank in acts.GroupBy(a => a.Bank))
            {
                var cycles = bank.Select(a => a.Cycle).ToArray();
                Assert.That(cycles.Zip(cycles.Skip(1), (a, b) => b - a), Is.All.GreaterThanOrEqualTo(56), "tRC");
            }
        }
    }

    [Test]
    public void RefreshTakesAboutTrfcOverTrefiOfTheTime()
    {
        // Rank most significant, so the stream stays in rank 0. Without refresh it runs at one burst
        // per 4 cycles (80,000 cycles for 20,000 bursts, plus the first access's latency). With it,
        // rank 0 is lost for tRFC = 420 of every tREFI = 9360 cycles: 4.5 % longer, plus a precharge
        // and an activate (tRP + tRCD = 34 cycles, 0.4 %) per refresh to reopen the row.
        var config = WithMapping(Ddr4, AddressField.Rank, AddressField.Row, AddressField.Bank,
            AddressField.Column, AddressField.BankGroup, AddressField.Channel);
        var trace = Reads(Enumerable.Range(0, 20_000).Select(i => i * 64L));
        var (without, _) = Run(WithoutRefresh(config), trace);
        var (with, _) = Run(config, trace);
        Assert.That(without.TotalCycles, Is.InRange(80_000, 80_000 * 1.01));
        Assert.That(without.Stats.Refreshes, Is.Zero);
        double loss = (double)with.TotalCycles / without.TotalCycles - 1;
        Assert.That(loss, Is.InRange(0.040, 0.053));
        // Both ranks refresh every tREFI (rank 1 staggered by half): about 2 x total / 9360.
        Assert.That(with.Stats.Refreshes, Is.InRange(2 * with.TotalCycles / 9360 - 1, 2 * with.TotalCycles / 9360 + 1));
    }

    [Test]
    public void WriteToReadWaitsForTwtr()
    {
        // Same bank group: ACT at 0, WRITE at 17; the read waits CWL + burst + tWTR_L = 12 + 4 + 9
        // after the write: READ at 42, done at 42 + 17 + 4 = 63.
        var (same, sameLog) = Run(Ddr4, Trace([(Ddr4Address(row: 1), true, 0), (Ddr4Address(row: 1, column: 1), false, 0)]));
        Assert.That(sameLog.CyclesOf(DramCommand.Write), Is.EqualTo(new long[] { 17 }));
        Assert.That(sameLog.CyclesOf(DramCommand.Read), Is.EqualTo(new long[] { 42 }));
        Assert.That(same.TotalCycles, Is.EqualTo(63));

        // Another bank group: ACTs at 0 and tRRD_S = 4, WRITE at 17; the read may go at
        // max(4 + tRCD = 21, 17 + 12 + 4 + tWTR_S 3 = 36) = 36.
        var (_, otherLog) = Run(Ddr4, Trace([(Ddr4Address(row: 1), true, 0), (Ddr4Address(row: 1, group: 1), false, 0)]));
        Assert.That(otherLog.CyclesOf(DramCommand.Activate), Is.EqualTo(new long[] { 0, 4 }));
        Assert.That(otherLog.CyclesOf(DramCommand.Read), Is.EqualTo(new long[] { 36 }));
    }

    [Test]
    public void ReadToWriteWaitsForTheBusTurnaround()
    {
        // ACT at 0, READ at 17; a write to the open row waits tRTW = CL + burst + 2 - CWL = 11: WRITE at 28.
        var (_, log) = Run(Ddr4, Trace([(Ddr4Address(row: 1), false, 0), (Ddr4Address(row: 1, column: 1), true, 0)]));
        Assert.That(log.CyclesOf(DramCommand.Write), Is.EqualTo(new long[] { 28 }));
    }

    [Test]
    public void ReadsToTwoRanksAreSpacedByTheBurstAndTrtrs()
    {
        // Two reads at cycle 0, to rank 0 and to rank 1: ACTs at 0 and 1 (one command a cycle; tRRD is per
        // rank), READ to rank 0 at 17, its data on the bus from 34 to 38. Rank 1's read is ready at 1 + 17 = 18,
        // but its data may start only tRTRS = 1 after rank 0's ends, at 39: READ at 39 - CL = 22 = 17 + 4 + 1,
        // done at 43.
        var (result, log) = Run(Ddr4, Reads([Ddr4Address(row: 1, rank: 0), Ddr4Address(row: 1, rank: 1)]));
        Assert.That(log.Commands.Where(c => c.Command == DramCommand.Read).Select(c => (c.Rank, c.Cycle)),
            Is.EqualTo(new[] { (0, 17L), (1, 22L) }));
        Assert.That(result.TotalCycles, Is.EqualTo(43));

        // Within a rank there is nothing to switch: two bank groups of rank 0, READs at 17 and 21 (tCCD_S = the burst).
        var (_, sameRank) = Run(Ddr4, Reads([Ddr4Address(row: 1, group: 0), Ddr4Address(row: 1, group: 1)]));
        Assert.That(sameRank.CyclesOf(DramCommand.Read), Is.EqualTo(new long[] { 17, 21 }));
    }

    [Test]
    public void ClosePagePrechargesAfterEveryAccess()
    {
        // Every access auto-precharges, so every access needs its own activate and none is a row hit.
        var config = Ddr4 with { Controller = Ddr4.Controller with { PagePolicy = PagePolicy.Close } };
        var (result, _) = Run(config, Reads(Enumerable.Range(0, 1000).Select(i => i * 64L)));
        Assert.That(result.Stats.Precharges, Is.EqualTo(1000));
        Assert.That(result.Stats.Activates, Is.EqualTo(1000));
        Assert.That(result.RowHitRate, Is.Zero);
    }

    [Test]
    public void EveryRequestCompletesExactlyOnce()
    {
        var random = new Random(11);
        var config = Ddr4 with { Channels = 4 };
        const int n = 30_000;
        long cycle = 0;
        var trace = Trace(Enumerable.Range(0, n).Select(_ =>
            (random.NextInt64(1L << 36) & ~63L, random.Next(3) == 0, cycle += random.Next(0, 12))));
        var completions = new CompletionLog();
        var runner = new DramTraceRunner(config) { Completions = completions };
        var result = runner.Run(trace);
        Assert.That(completions.ByTag.Keys.Order(), Is.EqualTo(Enumerable.Range(0, n)));
        Assert.That(completions.ByTag.Values.Select(v => v.Count), Is.All.EqualTo(1));
        for (int i = 0; i < n; i++)
        {
            var (isWrite, arrival, done) = completions.ByTag[i][0];
            Assert.That(isWrite, Is.EqualTo(trace.IsWrite[i]));
            Assert.That(arrival, Is.GreaterThanOrEqualTo(trace.Cycles[i]));
            // Nothing is faster than a row hit: CWL + burst for a write, CL + burst for a read.
            Assert.That(done - arrival, Is.GreaterThanOrEqualTo(isWrite ? 16 : 21));
        }
        Assert.That(result.Stats.Reads + result.Stats.Writes, Is.EqualTo(n));
    }

    [Test]
    public void Hbm2EightChannelsStreamNearTwoHundredFiftySixGBps()
    {
        // 8 channels x 64 bytes every 2 cycles of 1 ns = 256 GB/s, less refresh (260 / 3900 = 6.7 %).
        var hbm = Preset("hbm2");
        Assert.That(hbm.PeakGBps, Is.EqualTo(256).Within(1e-9));
        var (result, _) = Run(hbm, Reads(Enumerable.Range(0, 100_000).Select(i => i * 64L)));
        Assert.That(result.BandwidthGBps, Is.GreaterThanOrEqualTo(0.85 * 256));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

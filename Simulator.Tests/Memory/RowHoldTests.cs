using Sim.Memory.Dram;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>
/// A row stays open until the request that opened it has been served, however long requests have waited
/// (DDR4-2400: tRCD 17, CL 17, tRAS 39, tRP 17, tRTP 9, tRRD_S 4, tCCD_S/L 4/6, 4 data cycles a burst;
/// the row-hit hold's cap is 4 x tRC = 224 cycles).
/// </summary>
public class RowHoldTests
{
    private static readonly DramConfig Ddr4 = Preset("ddr4-2400");

    [Test]
    public void TheOpenerIsServedBeforeAConflictingRowIsActivated()
    {
        // All at cycle 0, in this order: 64 reads S0..S63 streaming over bank 0 of groups 1, 2, 3 (row 0), then
        // A (group 0, bank 0, row 1), then B (the same bank, row 2). ACTs go oldest first, tRRD_S apart:
        // groups 1, 2, 3 at 0, 4, 8, A's at 12. The stream's reads are older than A's and one is ready every
        // tCCD_S = 4 cycles (a group comes back after 12 >= tCCD_L): S_k at 17 + 4k, S63 at 269, so A's read,
        // ready since 12 + 17 = 29, waits until 273. B's precharge may not close A's row before then, although
        // tRAS (at 51) and B's cap (0 + 224) passed long before: PRE at 273 + tRTP = 282, ACT at 282 + tRP = 299,
        // READ at 299 + tRCD = 316. Five activates for 66 reads: one per row.
        var stream = Enumerable.Range(0, 64).Select(k => Ddr4Address(row: 0, group: 1 + k % 3, column: k / 3));
        var trace = Reads(stream.Append(Ddr4Address(row: 1)).Append(Ddr4Address(row: 2)));
        var log = new CommandLog();
        var result = new DramTraceRunner(WithQueueDepth(Ddr4, 128), log).Run(trace);
        var bank0 = log.Commands.Where(c => c.Rank == 0 && c.Bank == 0).Select(c => (c.Command, c.Row, c.Cycle));
        Assert.That(bank0, Is.EqualTo(new[]
        {
            (DramCommand.Activate, 1, 12L), (DramCommand.Read, 1, 273L),
            (DramCommand.Precharge, -1, 282L), (DramCommand.Activate, 2, 299L), (DramCommand.Read, 2, 316L),
        }));
        Assert.That(log.CyclesOf(DramCommand.Read).Take(64), Is.EqualTo(Enumerable.Range(0, 64).Select(k => 17L + 4 * k)));
        Assert.That(result.Stats.Activates, Is.EqualTo(5));
    }

    [Test]
    public void ADeepQueueOfRandomReadsActivatesNoRowTwiceForOneRequest()
    {
        // 20,000 random reads through a 128-deep queue, where many wait longer than the cap (before the opener
        // held its row, this trace took 24,171 activates). Each request needs at most one activate of its own:
        // its row, once opened for it, stays open until it is served, and without refresh nothing else closes
        // a row. So activates <= requests - row hits.
        var random = new Random(7);
        var trace = Reads(Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(1L << 34) & ~63L));
        var result = new DramTraceRunner(WithoutRefresh(WithQueueDepth(Ddr4, 128))).Run(trace);
        Assert.That(result.Stats.Reads, Is.EqualTo(20_000));
        Assert.That(result.Stats.Activates, Is.LessThanOrEqualTo(20_000 - result.Stats.RowHits));

        // A refresh does close rows under their openers (it precharges every bank of its rank, as DRAMSim3's
        // does), at most one per bank: at most 16 activates more per refresh.
        var refreshed = new DramTraceRunner(WithQueueDepth(Ddr4, 128)).Run(trace);
        Assert.That(refreshed.Stats.Refreshes, Is.GreaterThan(0));
        Assert.That(refreshed.Stats.Activates, Is.LessThanOrEqualTo(20_000 - refreshed.Stats.RowHits + 16 * refreshed.Stats.Refreshes));
    }
}

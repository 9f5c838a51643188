using Sim.Memory.Dram;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>
/// The phase of the ranks' refreshes (controller.refresh_stagger) on two-rank DDR4-2400: tREFI 9360, tRFC 420,
/// a read to a closed bank tRCD + CL + 4 = 38 cycles. One read to each rank, each arriving just as a refresh
/// falls due under one phase or the other, shows when each rank refreshes.
/// </summary>
public class RefreshStaggerTests
{
    private static long[] Completions(RefreshStagger stagger, long rank0Arrival, long rank1Arrival)
    {
        var ddr4 = Preset("ddr4-2400");
        var config = ddr4 with { Controller = ddr4.Controller with { RefreshStagger = stagger } };
        var log = new CompletionLog();
        new DramTraceRunner(config) { Completions = log }.Run(Trace([
            (Ddr4Address(row: 1, rank: 0), false, rank0Arrival),
            (Ddr4Address(row: 1, rank: 1), false, rank1Arrival)]));
        return [log.ByTag[0].Single().Done, log.ByTag[1].Single().Done];
    }

    [Test]
    public void WithinTheIntervalRankZeroRefreshesAtHalfOfIt()
    {
        // Rank 0 is due at tREFI / 2 = 4680, rank 1 at 9360: each read waits out a refresh, tRFC, then takes 38.
        Assert.That(Completions(RefreshStagger.WithinInterval, 4680, 9360), Is.EqualTo(new[] { 4680L + 420 + 38, 9360L + 420 + 38 }));
    }

    [Test]
    public void AfterTheIntervalRankZeroRefreshesAtTheInterval()
    {
        // Rank 0 is due at 9360 and rank 1 at 9360 + 4680: at 4680 and 9360 the read's own rank is free. At 9360
        // rank 0's refresh first precharges the row its read left open, which takes the command bus for that
        // cycle: rank 1's activate goes one cycle later.
        Assert.That(Completions(RefreshStagger.AfterInterval, 4680, 9360), Is.EqualTo(new[] { 4680L + 38, 9360L + 1 + 38 }));
        Assert.That(Completions(RefreshStagger.AfterInterval, 9360, 14040), Is.EqualTo(new[] { 9360L + 420 + 38, 14040L + 420 + 38 }));
    }
}

using Sim.Engine;
using Sim.Memory;
using Sim.Memory.Dram;
using static Sim.Tests.Memory.DramTestSupport;

namespace Sim.Tests.Memory;

/// <summary>Channels that see no traffic still refresh: a run ends with every channel brought up to its end.</summary>
public class IdleRefreshTests : IEventTarget
{
    public void OnEvent(int kind, long argument) { }

    [Test]
    public void EveryChannelRefreshesToTheEndOfTheRun()
    {
        // HBM2: 8 channels of one rank, tREFI 3,900 cycles of 1 ns. One 64-byte read touches one channel; then
        // nothing. Brought up to 100 us, every channel has issued the refreshes due by then: at 3,900 x n
        // cycles for n = 1..25 (the 26th falls at 101,400): 25 each, 200 in all.
        var engine = new EventEngine();
        var memory = new DramMemory(engine, DramPresets.Load("hbm2"));
        memory.Transfer(0, 64, isWrite: false, this, 0, 0);
        engine.Run();
        long before = memory.TotalStats().Refreshes;
        memory.CatchUp(100_000L * memory.Clock.PeriodFs);
        Assert.That(before, Is.Zero);
        for (int c = 0; c < 8; c++)
            Assert.That(memory.Channel(c).Stats.Refreshes, Is.EqualTo(25), $"channel {c}");
        Assert.That(memory.TotalStats().Refreshes, Is.EqualTo(200));
    }

    [Test]
    public void TraceModeRefreshesAChannelThatGetsNoRequests()
    {
        // DDR4-2400 with 2 channels; the channel is the lowest address field, so addresses that are multiples
        // of 128 all go to channel 0. Three reads to rank 0, bank 0, rows 0, 1 and 2, at cycles 0, 20,000 and
        // 50,000: each finds its bank closed (nothing yet, then the refreshes at 9,360 x k precharged it), so
        // each is ACT, READ tRCD = 17 later, data CL + 4 = 21 after that: the last completes at 50,038, the end.
        // The model refreshes rank r of every channel at tREFI + r x tREFI / 2 + k x tREFI (k >= 0), issued
        // at once on an idle rank. Before 50,038, rank 0: 9,360, 18,720, 28,080, 37,440, 46,800 (5, and
        // floor(50,038 / 9,360) = 5); rank 1: 14,040, 23,400, 32,760, 42,120 (4; the next is 51,480).
        // So channel 1, which no request touches, issues 5 + 4 = 9 refreshes. Channel 0 issues as many, but the
        // two that find bank 0 open (the reads at 0 and 20,000 left rows 0 and 1 open) wait tRP = 17 for its precharge.
        var config = Preset("ddr4-2400") with { Channels = 2 };
        var log = new CommandLog();
        const long row = 64L * 2 * 4 * 128 * 2 * 4; // below the row: burst, channel, group, column, rank, bank
        var trace = Trace([(0L, false, 0L), (row, false, 20_000L), (2 * row, false, 50_000L)]);
        var result = new DramTraceRunner(config, log).Run(trace);
        Assert.That(result.TotalCycles, Is.EqualTo(50_038));
        Assert.That(log.Commands.Where(c => c.Command == DramCommand.Read).Select(c => c.Channel), Is.All.EqualTo(0));
        long[] Refreshes(int channel, int rank) =>
            log.Commands.Where(c => c.Command == DramCommand.Refresh && c.Channel == channel && c.Rank == rank).Select(c => c.Cycle).ToArray();
        Assert.That(Refreshes(1, 0), Is.EqualTo(new long[] { 9_360, 18_720, 28_080, 37_440, 46_800 }));
        Assert.That(Refreshes(1, 1), Is.EqualTo(new long[] { 14_040, 23_400, 32_760, 42_120 }));
        Assert.That(Refreshes(0, 0), Is.EqualTo(new long[] { 9_377, 18_720, 28_097, 37_440, 46_800 }));
        Assert.That(Refreshes(0, 1), Is.EqualTo(new long[] { 14_040, 23_400, 32_760, 42_120 }));
        Assert.That(result.Stats.Refreshes, Is.EqualTo(18));
    }
}

using Sim.Engine;
using Sim.Memory;
using Sim.Memory.Dram;

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
}

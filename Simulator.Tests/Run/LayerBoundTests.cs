using Sim.Accelerator;
using Sim.Run;

namespace Sim.Tests.Run;

/// <summary>The bound column and the DRAM-busy cycles it compares with compute.</summary>
public class LayerBoundTests
{
    // 100 compute cycles at 1 GHz; 12.8 GB/s is 12.8 bytes a core cycle.
    private static readonly LayerTiming Timing = new(Cycles: 200, ComputeCycles: 100, DramStallCycles: 90, LinkStallCycles: 10, IdleCycles: 0, ConflictCycles: 0);

    [TestCase(1000, 79, "compute")]   // 1,000 / 12.8 = 78.125 cycles, rounded up
    [TestCase(1280, 100, "compute")]  // exactly the compute cycles: not more
    [TestCase(1281, 101, "DRAM")]     // 100.08 rounds up to 101 > 100
    [TestCase(1300, 102, "DRAM")]     // 101.5625
    public void DramBoundWhenItsBusyCyclesExceedCompute(long bytes, long busy, string bound)
    {
        var b = LayerBound.Of(Timing, bytes, memoryPeakGBps: 12.8, clockMhz: 1000);
        Assert.That(b.DramBusyCycles, Is.EqualTo(busy));
        Assert.That(b.Resource, Is.EqualTo(bound));
    }

    [Test]
    public void HostLinkBoundWhenItsStallsExceedBoth()
    {
        var linkHeavy = Timing with { LinkStallCycles = 150 };
        Assert.That(LayerBound.Of(linkHeavy, 1300, 12.8, 1000).Resource, Is.EqualTo("host link"));
        // 2,560 bytes keep DRAM busy 200 cycles, more than the link's 150.
        Assert.That(LayerBound.Of(linkHeavy, 2560, 12.8, 1000).Resource, Is.EqualTo("DRAM"));
    }

    [Test]
    public void TheClockSetsBytesPerCycle()
    {
        // At 500 MHz, 12.8 GB/s is 25.6 bytes a cycle: 2,560 bytes take exactly 100 cycles.
        Assert.That(LayerBound.Of(Timing, 2560, 12.8, 500).DramBusyCycles, Is.EqualTo(100));
    }
}

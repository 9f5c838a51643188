using Sim.Accelerator;
using Sim.Config;
using Sim.Tests.Run;

namespace Sim.Tests.Noc;

/// <summary>
/// Two cores on a 2x1 mesh running one layer, a step each, timed by hand: a 1 GHz core (1 ns a cycle), 32-byte links
/// (a 64-byte burst holds one 2 cycles, a request or acknowledgement 1), 2 cycles a hop; memory 64 GB/s (64 bytes in
/// 1 ns) with 10 ns latency. Core 0 is one link from memory, core 1 two.
/// </summary>
public class MultiCoreMachineTests
{
    [Test]
    public void ALayerEndsWhenItsLastCoreHasStored()
    {
        var hw = TestScenarios.Array16() with { Memory = new SimpleMemoryConfig(LatencyNs: 10, BandwidthGBps: 64), Cores = 2 };
        var machine = new Machine(hw);
        var step = new TileStep(new MemoryRange(0, 64), MemoryRange.None, 100, new MemoryRange(1 << 20, 64));
        // Loads. Core 0's request: 0-1 on its link, at memory at 3; core 1's: 0-1, at (0,0) at 3, 3-4 on the memory
        // link, at memory at 6. Memory: core 0's 3-4, done 14; core 1's 6-7, done 17. Core 0's 64 bytes: 14-16, home at
        // 18; core 1's: 17-19, at (0,0) at 21, 21-23, home at 25.
        // Compute: core 0 18-118, core 1 25-125.
        // Stores. Core 0: 118-120, at memory 122, written 122-123, done 133, acknowledged 133 + 1 + 2 = 136. Core 1:
        // 125-127, 129-131, at memory 133, written 133-134, done 144, acknowledged over two links at 150.
        var timing = machine.Run([new LayerCommands([step, step with { Store = new MemoryRange((1 << 20) + 64, 64) }], 0, 0)
        {
            CoreStepCounts = [1, 1],
        }]);
        // The layer, and the run, end with core 1's acknowledgement; core 0 waits for it from 136 (idle).
        Assert.That(timing.Cycles, Is.EqualTo(150));
        var layer = timing.Layers[0];
        Assert.That((layer.Cycles, layer.ComputeCycles, layer.DramStallCycles, layer.IdleCycles), Is.EqualTo((150L, 100L, 18L + 18L, 14L)));
        Assert.That(machine.CoreCycles(0).Compute, Is.EqualTo(new long[] { 100, 100 }));
        // Bytes x links: core 0's 64 read and 64 written over one link each way, core 1's over two.
        Assert.That(machine.NocByteHops, Is.EqualTo(64 * 2 + 64 * 2 * 2));
    }
}

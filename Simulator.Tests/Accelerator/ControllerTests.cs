using Sim.Accelerator;
using Sim.Config;
using Sim.Engine;
using Sim.Memory;

namespace Sim.Tests.Accelerator;

public class ControllerTests
{
    // A 1 GHz core (1 ns a cycle) and a memory of 1 GB/s (1 ns a byte) with 10 ns latency,
    // so every expected time below is a small sum of nanoseconds.
    private static (Controller, SimpleMemory) Make()
    {
        var engine = new EventEngine();
        var memory = new SimpleMemory(engine, new MemoryConfig(LatencyNs: 10, BandwidthGBps: 1));
        return (new Controller(engine, memory, ClockDomain.FromMhz("core", 1000)), memory);
    }

    [Test]
    public void MemoryBoundStreamWaitsForItsLoads()
    {
        // load 0 holds the pipe 0-100 ns, arrives at 110; load 1 holds it 100-200, arrives at 210.
        // compute 0 runs 110-160; compute 1 waits for its load, runs 210-260; its 20-byte store
        // holds the pipe 260-280 and lands at 290. 290 cycles, 100 of them computing.
        var (controller, memory) = Make();
        long cycles = controller.Run([new TileStep(100, 50, 0), new TileStep(100, 50, 20)]);
        Assert.That(cycles, Is.EqualTo(290));
        Assert.That(controller.ComputeCycles, Is.EqualTo(100));
        Assert.That(memory.BytesRead, Is.EqualTo(200));
        Assert.That(memory.BytesWritten, Is.EqualTo(20));
    }

    [Test]
    public void DoubleBufferingHidesLoadsBehindCompute()
    {
        // loads 0 and 1 go out at once (two buffer halves): they land at 20 and 30 ns. Compute 0
        // runs 20-120; when it ends, its half is free and load 2 goes (120-130, lands 140), while
        // compute 1 runs 120-220 and compute 2 runs 220-320. Only the first 20 ns are exposed.
        var (controller, _) = Make();
        long cycles = controller.Run([new TileStep(10, 100, 0), new TileStep(10, 100, 0), new TileStep(10, 100, 0)]);
        Assert.That(cycles, Is.EqualTo(320));
        Assert.That(controller.ComputeCycles, Is.EqualTo(300));
    }

    [Test]
    public void AThirdLoadWaitsForABufferHalf()
    {
        // Two buffer halves: loads 0 and 1 are issued at 0; load 2 reuses load 0's half, so it may
        // only be issued when compute 0 ends. Load 0 lands at 20 ns, compute 0 runs 20-520.
        var engine = new EventEngine();
        var memory = new IssueLog(engine, new SimpleMemory(engine, new MemoryConfig(10, 1)));
        var controller = new Controller(engine, memory, ClockDomain.FromMhz("core", 1000));
        var steps = new[] { new TileStep(10, 500, 0), new TileStep(10, 500, 0), new TileStep(10, 500, 0) };
        Assert.That(controller.Run(steps), Is.EqualTo(1520));
        Assert.That(memory.IssuedAtNs, Is.EqualTo(new long[] { 0, 0, 520 }));
    }

    /// <summary>Passes transfers on to a memory and notes when each was issued.</summary>
    private sealed class IssueLog(EventEngine engine, IMemory inner) : IMemory
    {
        public readonly List<long> IssuedAtNs = new();
        public long BytesRead => inner.BytesRead;
        public long BytesWritten => inner.BytesWritten;

        public void Transfer(long address, long bytes, bool isWrite, IEventTarget requester, int kind, long argument)
        {
            IssuedAtNs.Add(engine.Now / 1_000_000);
            inner.Transfer(address, bytes, isWrite, requester, kind, argument);
        }
    }
}

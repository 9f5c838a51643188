using Sim.Accelerator;
using Sim.Config;
using Sim.Engine;
using Sim.HostLink;
using Sim.Memory;

namespace Sim.Tests.Accelerator;

public class ControllerTests
{
    // A 1 GHz core (1 ns a cycle) and a memory of 1 GB/s (1 ns a byte) with 10 ns latency,
    // so every expected time below is a small sum of nanoseconds.
    private static (Controller, SimpleMemory) Make()
    {
        var engine = new EventEngine();
        var memory = new SimpleMemory(engine, new SimpleMemoryConfig(LatencyNs: 10, BandwidthGBps: 1));
        var link = new HostLinkModel(engine, HostLinkConfig.Default);
        return (new Controller(engine, memory, link, ClockDomain.FromMhz("core", 1000)), memory);
    }

    private static LayerCommands Steps(params TileStep[] steps) => new(steps, 0, 0);

    /// <summary>A step loading <paramref name="load"/> activation bytes and storing <paramref name="store"/> result bytes.</summary>
    private static TileStep Step(long load, long compute, long store) =>
        new(new MemoryRange(0, load), MemoryRange.None, compute, store > 0 ? new MemoryRange(1 << 20, store) : MemoryRange.None);

    [Test]
    public void MemoryBoundStreamWaitsForItsLoads()
    {
        // load 0 holds the pipe 0-100 ns, arrives at 110; load 1 holds it 100-200, arrives at 210.
        // compute 0 runs 110-160; compute 1 waits for its load, runs 210-260; its 20-byte store
        // holds the pipe 260-280 and lands at 290. 290 cycles, 100 of them computing.
        var (controller, memory) = Make();
        var timing = controller.Run(Steps(Step(100, 50, 0), Step(100, 50, 20)));
        Assert.That(timing.Cycles, Is.EqualTo(290));
        Assert.That(timing.ComputeCycles, Is.EqualTo(100));
        Assert.That(timing.DramStallCycles, Is.EqualTo(190));
        Assert.That(timing.LinkStallCycles + timing.IdleCycles, Is.Zero);
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
        var timing = controller.Run(Steps(Step(10, 100, 0), Step(10, 100, 0), Step(10, 100, 0)));
        Assert.That(timing.Cycles, Is.EqualTo(320));
        Assert.That(timing.ComputeCycles, Is.EqualTo(300));
        Assert.That(timing.DramStallCycles, Is.EqualTo(20));
    }

    [Test]
    public void AThirdLoadWaitsForABufferHalf()
    {
        // Two buffer halves: loads 0 and 1 are issued at 0; load 2 reuses load 0's half, so it may
        // only be issued when compute 0 ends. Load 0 lands at 20 ns, compute 0 runs 20-520.
        var engine = new EventEngine();
        var memory = new IssueLog(engine, new SimpleMemory(engine, new SimpleMemoryConfig(10, 1)));
        var controller = new Controller(engine, memory, new HostLinkModel(engine, HostLinkConfig.Default), ClockDomain.FromMhz("core", 1000));
        var timing = controller.Run(Steps(Step(10, 500, 0), Step(10, 500, 0), Step(10, 500, 0)));
        Assert.That(timing.Cycles, Is.EqualTo(1520));
        Assert.That(memory.IssuedAtNs, Is.EqualTo(new long[] { 0, 0, 520 }));
    }

    [Test]
    public void EveryCycleIsChargedToComputeDramLinkOrIdle()
    {
        // The default link (see HostLinkTests): 1,000 bytes up land at 2,537.070 ns. The 100-byte
        // load holds the memory 2,537.070-2,637.070 and lands at 2,647.070; compute waits for the
        // core edge at 2,648 and runs 50 cycles to 2,698. 100 bytes down: one TLP of 142 wire bytes
        // (4.507 ns) after 2,000 ns of driver, landing 500 ns later: 5,202.507 ns, so 5,203 cycles.
        // Link stall 2,537.070 + 2,504.507 = 5,041.577 ns (5,042 cycles); DRAM stall 110; compute 50;
        // idle the rest: 5,203 - 5,042 - 110 - 50 = 1 (waiting for the core's clock edge).
        var (controller, _) = Make();
        var timing = controller.Run(new LayerCommands([Step(100, 50, 0)], UploadBytes: 1000, DownloadBytes: 100));
        Assert.That(timing.Cycles, Is.EqualTo(5203));
        Assert.That(timing.ComputeCycles, Is.EqualTo(50));
        Assert.That(timing.DramStallCycles, Is.EqualTo(110));
        Assert.That(timing.LinkStallCycles, Is.EqualTo(5042));
        Assert.That(timing.IdleCycles, Is.EqualTo(1));
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

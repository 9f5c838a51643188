using Sim.Config;
using Sim.Dma;
using Sim.Engine;
using Sim.Memory;

namespace Sim.Tests.Dma;

public class DmaEngineTests
{
    // Memory: 1 GB/s (1 ns a byte) and 100 ns latency, so a 64-byte burst holds it 64 ns.
    private static (EventEngine, DmaEngine, Done) Make(int burst, int outstanding)
    {
        var engine = new EventEngine();
        var dma = new DmaEngine(new SimpleMemory(engine, new SimpleMemoryConfig(100, 1)), new DmaConfig(burst, outstanding));
        return (engine, dma, new Done(engine));
    }

    [Test]
    public void OneOutstandingBurstExposesTheLatencyOfEvery()
    {
        // 256 bytes = 4 bursts, one at a time: each takes 64 + 100 ns: done at 656 ns.
        var (engine, dma, done) = Make(64, 1);
        dma.Transfer(0, 256, false, done, 0, 7);
        engine.Run();
        Assert.That(done.AtNs, Is.EqualTo(new[] { (656.0, 7L) }));
        Assert.That(dma.Bursts, Is.EqualTo(4));
    }

    [Test]
    public void EnoughOutstandingBurstsHideTheLatency()
    {
        // All 4 bursts in flight: the memory streams them back to back (0-256 ns), the last lands at 356.
        var (engine, dma, done) = Make(64, 4);
        dma.Transfer(0, 256, false, done, 0, 1);
        engine.Run();
        Assert.That(done.AtNs, Is.EqualTo(new[] { (356.0, 1L) }));
    }

    [Test]
    public void TransfersCompleteInOrderAndShareTheBurstSlots()
    {
        // Two outstanding; transfer A (100 bytes: bursts of 64 and 36), then B (64 bytes).
        // A0 holds the memory 0-64 (lands 164), A1 64-100 (lands 200); B0 waits for a slot: issued
        // at 164, holds 164-228, lands 328.
        var (engine, dma, done) = Make(64, 2);
        dma.Transfer(0, 100, false, done, 0, 1);
        dma.Transfer(4096, 64, true, done, 0, 2);
        engine.Run();
        Assert.That(done.AtNs, Is.EqualTo(new[] { (200.0, 1L), (328.0, 2L) }));
        Assert.That(dma.BytesRead, Is.EqualTo(100));
        Assert.That(dma.BytesWritten, Is.EqualTo(64));
    }

    private sealed class Done(EventEngine engine) : IEventTarget
    {
        public readonly List<(double, long)> AtNs = new();
        public void OnEvent(int kind, long argument) => AtNs.Add((engine.Now / 1e6, argument));
    }
}

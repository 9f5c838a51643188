using Sim.Config;
using Sim.Engine;
using Sim.Memory;
using Sim.Noc;

namespace Sim.Tests.Noc;

/// <summary>
/// The packet network's timing against sums by hand: a 1 GHz clock (1 ns a cycle), 32-byte links (a 64-byte burst
/// holds a link 2 cycles, a header-only request or acknowledgement 1), 2 cycles a hop.
/// </summary>
public class NetworkTests
{
    private sealed class Arrivals(EventEngine engine) : IEventTarget
    {
        public readonly Dictionary<long, long> At = new();
        public void OnEvent(int kind, long argument) => At[argument] = engine.Now / 1_000_000;
    }

    private static (EventEngine, Network, Arrivals) Make(int cores, double memoryGBps, int credits = 4)
    {
        var engine = new EventEngine();
        var memory = new SimpleMemory(engine, new SimpleMemoryConfig(LatencyNs: 10, BandwidthGBps: memoryGBps));
        var noc = NocConfig.Default with { LinkBytesPerCycle = 32, HopCycles = 2, Credits = credits };
        var network = new Network(engine, memory, ClockDomain.FromMhz("core", 1000), noc, new MeshTopology(cores), null);
        return (engine, network, new Arrivals(engine));
    }

    [Test]
    public void AReadCrossesEachHopTwice()
    {
        // Core 3 of a 2x2 mesh is three links from memory. Request: 3 x (1 + 2) = 9 ns; memory (1 GB/s: 1 ns a byte,
        // 10 ns latency) 64 + 10, done at 83; the 64 bytes back: 3 x (2 + 2) = 12, at the core at 95 ns.
        var (engine, network, arrivals) = Make(4, memoryGBps: 1);
        network.Send(3, 0, 64, isWrite: false, arrivals, 0, 7);
        engine.Run();
        Assert.That(arrivals.At[7], Is.EqualTo(95));
        Assert.That(network.ByteHops, Is.EqualTo(64 * 3), "the read's bytes over three links; the request carries none");
    }

    [Test]
    public void WritesQueueBehindEachOtherOnTheirLink()
    {
        // Core 0, one link. Write A: 0-2 on the link, at memory at 4, memory 4-68, done 78, acknowledged 78 + 1 + 2 = 81.
        // Write B waits for the link: 2-4, at memory at 6, waits for A in memory: 68-132, done 142, acknowledged 145.
        var (engine, network, arrivals) = Make(4, memoryGBps: 1);
        network.Send(0, 0, 64, isWrite: true, arrivals, 0, 1);
        network.Send(0, 64, 64, isWrite: true, arrivals, 0, 2);
        engine.Run();
        Assert.That((arrivals.At[1], arrivals.At[2]), Is.EqualTo((81L, 145L)));
    }

    [TestCase(4, 27)]
    [TestCase(1, 29)]
    public void ACreditHeldDownstreamHoldsTheNextPacketBack(int credits, long secondAcknowledged)
    {
        // Core 1 of a 2x1 mesh: (1,0)->(0,0)->memory; memory 64 GB/s (64 bytes in 1 ns) and 10 ns latency.
        // Write A: link 1 at 0-2, at (0,0) at 4, link 2 at 4-6, at memory at 8, done 8 + 1 + 10 = 19, ack back over two
        // links 2 x (1 + 2): 25. Write B with four credits follows A by 2 ns all the way: at memory at 10, done 21, ack 27.
        // With one credit a link, B may not start on link 1 until A has left (0,0)'s buffer at 4: link 1 at 4-6, at (0,0)
        // at 8, link 2 at 8-10 (A handed its credit back on reaching memory at 8), at memory at 12, done 23, ack 29.
        var (engine, network, arrivals) = Make(2, memoryGBps: 64, credits);
        network.Send(1, 0, 64, isWrite: true, arrivals, 0, 1);
        network.Send(1, 64, 64, isWrite: true, arrivals, 0, 2);
        engine.Run();
        Assert.That((arrivals.At[1], arrivals.At[2]), Is.EqualTo((25L, secondAcknowledged)));
        Assert.That(network.ByteHops, Is.EqualTo(2 * 64 * 2));
    }
}

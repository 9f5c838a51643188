using Sim.Engine;
using Sim.HostLink;

namespace Sim.Tests.HostLink;

public class HostLinkTests
{
    [Test]
    public void Gen4x16With256BytePayloadsSustainsAbout26GBps()
    {
        // 16 GT/s x 16 lanes x 128/130 / 8 = 31.5077 GB/s of raw bytes. A 256-byte TLP costs
        // 256 + 26 (header 16, STP 4, sequence 2, LCRC 4) + 16 (ACK and UpdateFC DLLPs) = 298 bytes:
        // 31.5077 x 256 / 298 = 27.067 GB/s, the "about 26 GB/s" quoted for such links.
        var link = HostLinkConfig.Default;
        Assert.That(link.RawBytesPerSecond / 1e9, Is.EqualTo(31.5077).Within(1e-4));
        Assert.That(link.SustainedGBps, Is.EqualTo(27.067).Within(1e-3));
        Assert.That(link.SustainedGBps, Is.EqualTo(26).Within(26 * 0.05));
    }

    [TestCase(3, 16, 15.754)]   // 8 GT/s x 16 x 128/130 / 8
    [TestCase(5, 16, 63.015)]   // 32 GT/s
    [TestCase(4, 4, 7.877)]     // a quarter of the lanes
    [TestCase(2, 8, 4.0)]       // 5 GT/s x 8 x 8/10 / 8
    public void RawBandwidthFollowsGenerationLanesAndEncoding(int generation, int lanes, double gbps)
    {
        var link = HostLinkConfig.Default with { Generation = generation, Lanes = lanes };
        Assert.That(link.RawBytesPerSecond / 1e9, Is.EqualTo(gbps).Within(1e-3));
    }

    [Test]
    public void ATransferPaysDriverWireTimeAndLatency()
    {
        // 1,000 bytes = 4 TLPs (256, 256, 256, 232): 1,000 + 4 x 42 = 1,168 wire bytes at
        // 31.5077 GB/s = 37.070 ns; plus 2,000 ns of driver and 500 ns of latency: 2,537.070 ns.
        var engine = new EventEngine();
        var link = new HostLinkModel(engine, HostLinkConfig.Default);
        var done = new Landing(engine);
        link.Transfer(1000, LinkDirection.ToDevice, done, 0, 0);
        engine.Run();
        Assert.That(HostLinkConfig.Default.WireBytes(1000), Is.EqualTo(1168));
        Assert.That(done.At[0] / 1e6, Is.EqualTo(2537.070).Within(1e-3));
        Assert.That(link.BytesToDevice, Is.EqualTo(1000));
    }

    [Test]
    public void DirectionsAreIndependentAndCommandsQueue()
    {
        // Two uploads queue on the up pipe; a download at the same moment does not wait for them.
        // Each 256-byte command: 2,000 ns driver + 298 wire bytes (9.458 ns) + 500 ns latency.
        var engine = new EventEngine();
        var link = new HostLinkModel(engine, HostLinkConfig.Default);
        var done = new Landing(engine);
        link.Transfer(256, LinkDirection.ToDevice, done, 0, 0);
        link.Transfer(256, LinkDirection.ToDevice, done, 0, 1);
        link.Transfer(256, LinkDirection.ToHost, done, 0, 2);
        engine.Run();
        double wire = 298 / 31.5077;
        Assert.That(done.At[0] / 1e6, Is.EqualTo(2000 + wire + 500).Within(1e-3));
        Assert.That(done.At[1] / 1e6, Is.EqualTo(2 * (2000 + wire) + 500).Within(1e-3));
        Assert.That(done.At[2] / 1e6, Is.EqualTo(2000 + wire + 500).Within(1e-3));
    }

    private sealed class Landing(EventEngine engine) : IEventTarget
    {
        public readonly Dictionary<long, long> At = new();
        public void OnEvent(int kind, long argument) => At[argument] = engine.Now;
    }
}

using Sim.Config;
using Sim.HostLink;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

public class HostLinkConfigTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    [Test]
    public void LeftOutMeansTheDefaultLink() =>
        Assert.That(HardwareLoader.Load(_dir.Write("hw.yaml", Hardware)).HostLink, Is.EqualTo(HostLinkConfig.Default));

    [Test]
    public void GivenKeysReplaceDefaults()
    {
        var hw = HardwareLoader.Load(_dir.Write("hw.yaml",
            Hardware + "host_link:\n  pcie_generation: 3\n  lanes: 8\n  max_payload_bytes: 128\n  latency_ns: 800\n"));
        Assert.That(hw.HostLink, Is.EqualTo(HostLinkConfig.Default with
        {
            Generation = 3, Lanes = 8, MaxPayloadBytes = 128, LatencyNs = 800,
        }));
    }

    [Test]
    public void ALaneCountPcieDoesNotHaveIsRejected()
    {
        string path = _dir.Write("hw.yaml", Hardware + "host_link:\n  lanes: 3\n");
        AssertError(() => HardwareLoader.Load(path),
            $"{path}:18:10: error: host_link.lanes: expected one of 1, 2, 4, 8, 16 PCIe lanes, got 3");
    }

    [Test]
    public void AGenerationBeyondFiveIsRejected()
    {
        string path = _dir.Write("hw.yaml", Hardware + "host_link:\n  pcie_generation: 6\n");
        AssertError(() => HardwareLoader.Load(path),
            $"{path}:18:20: error: host_link.pcie_generation: expected a positive integer no larger than 5 (sanity bound), got 6");
    }

    [Test]
    public void APayloadThatIsNotAPowerOfTwoIsRejected()
    {
        string path = _dir.Write("hw.yaml", Hardware + "host_link:\n  max_payload_bytes: 300\n");
        AssertError(() => HardwareLoader.Load(path),
            $"{path}:18:22: error: host_link.max_payload_bytes: expected a PCIe maximum payload size (128, 256, 512, 1024, 2048 or 4096), got 300");
    }
}

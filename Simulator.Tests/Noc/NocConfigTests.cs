using Sim.Config;
using Sim.Noc;
using Sim.Tests.Config;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Noc;

/// <summary>cores: and noc: in the hardware YAML: values, defaults, and one clear line for each mistake.</summary>
public class NocConfigTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private HardwareConfig Load(string extra) => HardwareLoader.Load(_dir.Write("hw.yaml", Hardware + extra));

    [Test]
    public void OneCoreAndTheDefaultNetworkUnlessConfigured()
    {
        var hw = Load("");
        Assert.That((hw.Cores, hw.Noc), Is.EqualTo((1, new NocConfig(NocTopologyKind.Mesh, 32, 2, 1.0, 4))));
    }

    [Test]
    public void EveryNocKeyIsRead()
    {
        var hw = Load("cores: 4\nnoc: { topology: ring, link_bytes_per_cycle: 16, hop_cycles: 3, router_pj_per_byte: 0.5, credits: 2 }\n");
        Assert.That((hw.Cores, hw.Noc), Is.EqualTo((4, new NocConfig(NocTopologyKind.Ring, 16, 3, 0.5, 2))));
    }

    [Test]
    public void ANocWithOneCoreIsAcceptedAndUnused() =>
        Assert.That(Load("noc: { topology: ring }\n").Cores, Is.EqualTo(1));

    [Test]
    public void UnknownTopology()
    {
        string path = _dir.Write("hw.yaml", Hardware + "cores: 2\nnoc: { topology: torus }\n");
        AssertError(() => HardwareLoader.Load(path), $"{path}:18:18: error: noc.topology: unknown value 'torus' (expected one of: mesh, ring)");
    }

    [Test]
    public void UnknownNocKey()
    {
        string path = _dir.Write("hw.yaml", Hardware + "noc: { hops: 2 }\n");
        Assert.That(() => HardwareLoader.Load(path), Throws.TypeOf<InputError>().With.Message.Contains(
            "unknown key 'hops' in noc (expected one of: topology, link_bytes_per_cycle, hop_cycles, router_pj_per_byte, credits)"));
    }

    [TestCase("cores: 0\n")]
    [TestCase("cores: 257\n")]
    [TestCase("noc: { link_bytes_per_cycle: 0 }\n")]
    [TestCase("noc: { credits: 0 }\n")]
    [TestCase("noc: { router_pj_per_byte: -1 }\n")]
    public void OutOfRangeValuesAreRefused(string extra)
    {
        string path = _dir.Write("hw.yaml", Hardware + extra);
        Assert.That(() => HardwareLoader.Load(path), Throws.TypeOf<InputError>().With.Message.StartsWith($"{path}:17:"));
    }
}

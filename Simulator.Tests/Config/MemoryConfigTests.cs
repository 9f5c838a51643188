using Sim.Config;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

public class MemoryConfigTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private string WithMemory(string memory) => _dir.Write("hw.yaml",
        Hardware.Replace("memory:\n  latency_ns: 50\n  bandwidth_gbps: 10\n", "memory:\n" + memory));

    [Test]
    public void APresetNameGivesThatDram()
    {
        var hw = HardwareLoader.Load(WithMemory("  dram: hbm2\n  channels: 8\n"));
        var dram = ((DramMemoryConfig)hw.Memory).Dram;
        Assert.That((dram.Name, dram.Channels), Is.EqualTo(("hbm2", 8)));
        // 8 channels x 128 bits x 2 transfers per 1 GHz clock = 256 GB/s.
        Assert.That(dram.PeakGBps, Is.EqualTo(256).Within(1e-9));
    }

    [Test]
    public void ChannelsDefaultToThePresets()
    {
        var hw = HardwareLoader.Load(WithMemory("  dram: ddr4-3200\n"));
        Assert.That(((DramMemoryConfig)hw.Memory).Dram.Channels, Is.EqualTo(1));
    }

    [Test]
    public void ADramFileIsReadRelativeToTheHardwareFile()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "configs", "dram", "lpddr4-2400.yaml"), Path.Combine(_dir.Root, "my-lpddr4.yaml"));
        var hw = HardwareLoader.Load(WithMemory("  dram: my-lpddr4.yaml\n"));
        Assert.That(((DramMemoryConfig)hw.Memory).Dram.Name, Is.EqualTo("lpddr4-2400"));
    }

    [Test]
    public void AnUnknownPresetIsNamedWithTheKnownOnes()
    {
        string path = WithMemory("  dram: ddr4-2401\n");
        AssertError(() => HardwareLoader.Load(path),
            $"{path}:13:9: error: memory.dram: unknown DRAM preset 'ddr4-2401' (expected one of: ddr4-2400, ddr4-3200, ddr5-4800, hbm2, hbm3, lpddr4-2400, or a .yaml file); did you mean 'ddr4-2400'?");
    }

    [Test]
    public void AMissingDramFileIsAnError()
    {
        string path = WithMemory("  dram: nope.yaml\n");
        Assert.That(() => HardwareLoader.Load(path),
            Throws.TypeOf<InputError>().With.Message.EqualTo(
                $"{path}:13:9: error: memory.dram: 'nope.yaml' (resolved to '{Path.Combine(Path.GetDirectoryName(path)!, "nope.yaml")}'): no such file"));
    }

    [Test]
    public void SimpleKeysBesideDramAreRejected()
    {
        string path = WithMemory("  dram: hbm2\n  latency_ns: 10\n");
        AssertError(() => HardwareLoader.Load(path),
            $"{path}:14:3: error: unknown key 'latency_ns' in memory (expected one of: dram, channels)");
    }
}

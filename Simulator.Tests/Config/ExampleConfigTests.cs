using Sim.Numerics;
using Sim.PeArray;
using Sim.Config;
using static Sim.Tests.Config.ConfigTestSupport;
using Sim.Scenarios;

namespace Sim.Tests.Config;

/// <summary>The example files in configs/ and scenarios/ load with the values their YAML text gives.</summary>
public class ExampleConfigTests
{
    private static string Repo(string relative) => Path.Combine(RepoRoot, relative);

    [Test]
    public void Ws32x32()
    {
        var hw = HardwareLoader.Load(Repo("configs/ws-32x32-int8.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(hw.Name, Is.EqualTo("ws-32x32-int8"));
            Assert.That(hw.PeArray, Is.EqualTo(new PeArrayConfig(32, 32, Dataflow.WeightStationary, 1000)));
            Assert.That(hw.NumberFormat, Is.EqualTo(Sim.Numerics.ElementFormat.Int8));
            Assert.That(hw.Scratchpads.Input, Is.EqualTo(new ScratchpadConfig(256 * 1024, 8, 32, 1)));
            Assert.That(hw.Scratchpads.Weight, Is.EqualTo(new ScratchpadConfig(256 * 1024, 8, 32, 1)));
            Assert.That(hw.Scratchpads.Output, Is.EqualTo(new ScratchpadConfig(128 * 1024, 8, 128, 2)));
            var dram = ((DramMemoryConfig)hw.Memory).Dram;
            Assert.That((dram.Name, dram.Channels, dram.ClockMhz, dram.PeakGBps), Is.EqualTo(("ddr4-2400", 1, 1200.0, 19.2)));
            Assert.That(hw.Dma, Is.EqualTo(new Sim.Dma.DmaConfig(64, 32)));
            Assert.That(hw.VectorUnit.Lanes, Is.EqualTo(32));
            Assert.That(hw.HostLink, Is.EqualTo(Sim.HostLink.HostLinkConfig.Default));
        });
    }

    [Test]
    public void Ws16x16()
    {
        var hw = HardwareLoader.Load(Repo("configs/ws-16x16-int8.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(hw.Name, Is.EqualTo("ws-16x16-int8"));
            Assert.That(hw.PeArray, Is.EqualTo(new PeArrayConfig(16, 16, Dataflow.WeightStationary, 800)));
            Assert.That(hw.Scratchpads.Input.CapacityBytes, Is.EqualTo(64 * 1024));
            Assert.That(hw.Scratchpads.Output, Is.EqualTo(new ScratchpadConfig(32 * 1024, 4, 64, 2)));
            Assert.That(hw.Memory, Is.EqualTo(new SimpleMemoryConfig(100, 12.8)));
            Assert.That(hw.VectorUnit.Lanes, Is.EqualTo(16));
        });
    }

    [Test]
    public void Ws16x16Bf16Sfu()
    {
        var hw = HardwareLoader.Load(Repo("configs/ws-16x16-bf16-sfu.yaml"));
        Assert.That(hw.NumberFormat, Is.EqualTo(ElementFormat.Bf16));
        Assert.That(hw.Sfu, Is.EqualTo(hw.Sfu! with { Lanes = 16, LutEntries = 256, Interpolation = SfuInterpolation.Linear, TableFormat = ElementFormat.Bf16 }));
        Assert.That(hw.Sfu.Functions, Has.Count.EqualTo(7), "exp, sigmoid, tanh, gelu, reciprocal, rsqrt, erf");
    }

    [Test]
    public void Ws32x32Sparse()
    {
        var hw = HardwareLoader.Load(Repo("configs/ws-32x32-sparse.yaml"));
        Assert.That(hw.Sparsity, Is.EqualTo(new SparsityConfig(true, ZeroSkipping.Vector, true, Compression.Bitmap)));
        // Otherwise the default hardware; the DRAM and energy tables are compared by content, as each
        // load makes its own.
        var dense = HardwareLoader.Load(Repo("configs/ws-32x32-int8.yaml"));
        Assert.That(hw.Memory.Describe(), Is.EqualTo(dense.Memory.Describe()));
        Assert.That(hw.Energy.Name, Is.EqualTo(dense.Energy.Name));
        Assert.That(hw with { Name = "x", SourcePath = "y", Sparsity = SparsityConfig.None, Memory = dense.Memory, Energy = dense.Energy },
            Is.EqualTo(dense with { Name = "x", SourcePath = "y" }));
    }

    [Test]
    public void SparsityAndFormatScenarios()
    {
        var formats = ScenarioLoader.Load(Repo("scenarios/resnet50-formats.yaml"));
        Assert.That(formats.Layers.Select(l => l.FormatOn(formats.Hardware).Operands).Distinct(), Is.EqualTo(new[]
        {
            Sim.Numerics.ElementFormat.Int8, Sim.Numerics.ElementFormat.Int4, Sim.Numerics.ElementFormat.Fp8E4M3, Sim.Numerics.ElementFormat.Bf16,
        }));
        var density = ScenarioLoader.Load(Repo("scenarios/resnet50-density.yaml"));
        Assert.That(density.Layers.Select(l => l.Data!.ActivationDensity).Distinct(), Is.EqualTo(new double?[] { 1.0, 0.5, 0.25, 0.1 }));
        var pruned = ScenarioLoader.Load(Repo("scenarios/resnet50-2of4.yaml"));
        Assert.That(pruned.Layers.Count(l => l.Data?.Pruning == WeightPruning.TwoOfFour), Is.EqualTo(5));
    }

    [Test]
    public void Resnet50Layers()
    {
        var s = ScenarioLoader.Load(Repo("scenarios/resnet50-layers.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(s.Name, Is.EqualTo("resnet50-layers"));
            Assert.That(s.Hardware.Name, Is.EqualTo("ws-32x32-int8"));
            Assert.That(s.Hardware.SourcePath, Is.EqualTo(Repo("configs/ws-32x32-int8.yaml")));
            Assert.That(s.Seed, Is.EqualTo(1));
            Assert.That(s.Data, Is.EqualTo(new DataSource(0.5, 0.0)));
            Assert.That(s.Layers.Select(l => l.Name), Is.EqualTo(new[]
            {
                "conv1", "conv1_relu", "pool1", "res2_1x1", "res2_3x3", "res3_1x1", "res3_3x3",
                "res4_1x1", "res4_3x3", "res5_1x1", "res5_3x3", "avgpool", "fc",
            }));
        });
        var conv1 = (Conv2DLayer)s.Layers[0];
        Assert.That(conv1, Is.EqualTo(new Conv2DLayer("conv1", 1, 3, 224, 224, 64, 7, 7, 2, 2, new Padding2D(3, 3, 3, 3), 1, 1, 1)));
        Assert.That((conv1.OutHeight, conv1.OutWidth), Is.EqualTo((112, 112)));
        Assert.That(((ReluLayer)s.Layers[1]).Shape, Is.EqualTo(new[] { 1, 64, 112, 112 }));
        var pool1 = (PoolLayer)s.Layers[2];
        Assert.That(pool1, Is.EqualTo(new PoolLayer("pool1", PoolKind.Max, 1, 64, 112, 112, 3, 3, 2, 2, new Padding2D(1, 1, 1, 1))));
        Assert.That(pool1.OutHeight, Is.EqualTo(56));
        var res4 = (Conv2DLayer)s.Layers[7];
        Assert.That((res4.InChannels, res4.InHeight, res4.OutChannels, res4.KernelH), Is.EqualTo((1024, 14, 256, 1)));
        var avg = (PoolLayer)s.Layers[11];
        Assert.That((avg.Kind, avg.Channels, avg.KernelH, avg.OutHeight, avg.OutWidth), Is.EqualTo((PoolKind.Average, 2048, 7, 1, 1)));
        Assert.That(s.Layers[12], Is.EqualTo(new GemmLayer("fc", 1, 2048, 1000)));
    }

    [Test]
    public void MobilenetBlocks()
    {
        var s = ScenarioLoader.Load(Repo("scenarios/mobilenet-blocks.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(s.Name, Is.EqualTo("mobilenet-blocks"));
            Assert.That(s.Hardware.Name, Is.EqualTo("ws-16x16-int8"));
            Assert.That(s.Seed, Is.EqualTo(7));
            Assert.That(s.Data, Is.EqualTo(new DataSource(0.4, 0.0)));
            Assert.That(s.Layers, Has.Count.EqualTo(7));
        });
        var dw = (Conv2DLayer)s.Layers[1];
        Assert.That(dw, Is.EqualTo(new Conv2DLayer("dw3x3", 1, 144, 56, 56, 144, 3, 3, 2, 2, new Padding2D(0, 0, 1, 1), 1, 1, 144)));
        Assert.That((dw.OutHeight, dw.OutWidth), Is.EqualTo((28, 28)));
        var grouped = (Conv2DLayer)s.Layers[3];
        Assert.That((grouped.Groups, grouped.DilationH, grouped.OutChannels, grouped.OutHeight), Is.EqualTo((4, 2, 64, 26)));
        var avg = (PoolLayer)s.Layers[5];
        Assert.That((avg.Kind, avg.OutHeight, avg.OutWidth), Is.EqualTo((PoolKind.Average, 13, 13)));
        Assert.That(s.Layers[6], Is.EqualTo(new GemmLayer("head", 4, 1024, 100)));
    }

    [Test]
    public void ExampleScenarioLoadedFromRepoRootGetsARelativeHardwarePath()
    {
        string saved = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = RepoRoot;
            var s = ScenarioLoader.Load("scenarios/resnet50-layers.yaml");
            Assert.That(s.Hardware.SourcePath, Is.EqualTo("configs/ws-32x32-int8.yaml"));
        }
        finally
        {
            Environment.CurrentDirectory = saved;
        }
    }

    [Test]
    public void HwOverrideOnAnExampleScenario()
    {
        var s = ScenarioLoader.Load(Repo("scenarios/resnet50-layers.yaml"), Repo("configs/ws-16x16-int8.yaml"));
        Assert.That((s.Hardware.Name, s.Hardware.PeArray.Rows, s.Layers.Count), Is.EqualTo(("ws-16x16-int8", 16, 13)));
    }
}

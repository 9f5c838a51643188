using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;

namespace Sim.Tests.Run;

/// <summary>A network offloaded as one program on one machine: data flow, residency, DRAM state across layers, fusion.</summary>
public class NetworkRunTests
{
    private static HardwareConfig Ddr4 => HardwareLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "configs", "ws-32x32-int8.yaml"));

    /// <summary>conv 1x4x4x4 -> 4 channels (64 int8 outputs: one 64-byte DRAM burst), then a ReLU that reads it.</summary>
    private static LayerSpec[] ConvThenRelu =>
    [
        TestScenarios.Conv("conv", c: 4, h: 4, w: 4, oc: 4, k: 1),
        new ReluLayer("relu", [1, 4, 4, 4]) { Fuse = false },
    ];

    [Test]
    public void ARowOpenedByOneLayerIsHitByTheNext()
    {
        // One machine: the conv's one-burst store opens the row of its output, which the ReLU then reads:
        // a row hit, though it waits out the write-to-read turnaround behind the store. Offloaded alone on a
        // fresh DRAM, the ReLU's one-burst read finds its bank closed and must activate the row first (tRCD).
        // (keep_on_chip: false, or the conv's output would go to the ReLU on chip.)
        var scenario = TestScenarios.Of(Ddr4, ConvThenRelu);
        var network = ScenarioRunner.Run(scenario with { Execution = scenario.Execution with { KeepOnChip = false } });
        var alone = ScenarioRunner.Run(TestScenarios.OneAtATime(Ddr4, ConvThenRelu));
        Assert.That(network.Layers[1].DramBytesRead, Is.EqualTo(64));
        Assert.That(network.Layers[1].Dram!.Reads, Is.EqualTo(1));
        Assert.That(alone.Layers[1].Dram!.Reads, Is.EqualTo(1));
        Assert.That(network.Layers[1].Dram!.RowHits, Is.GreaterThanOrEqualTo(1));
        Assert.That(network.Layers[1].Dram!.ReadLatencyCycles, Is.LessThan(alone.Layers[1].Dram!.ReadLatencyCycles));
        Assert.That(network.AllBitExact && alone.AllBitExact, Is.True);
    }

    [Test]
    public void AnOutputOnlyTheNextLayerReadsGoesToItOnChip()
    {
        // conv 8 -> 16 channels, 3x3, pad 1 on 16x16 (input 2,048 bytes, weights 1,152, output 4,096), then conv
        // 16 -> 8 (weights 1,152, output 2,048, the network's). Both fit the 64 KiB input scratchpad together, so
        // the first conv's output never reaches DRAM: it reads its input and weights, the second its weights.
        var layers = new LayerSpec[]
        {
            TestScenarios.Conv("a", c: 8, h: 16, w: 16, oc: 16, k: 3, pad: 1),
            TestScenarios.Conv("b", c: 16, h: 16, w: 16, oc: 8, k: 3, pad: 1),
        };
        var scenario = TestScenarios.Of(TestScenarios.Array16(), layers);
        var onChip = ScenarioRunner.Run(scenario);
        var viaDram = ScenarioRunner.Run(scenario with { Execution = scenario.Execution with { KeepOnChip = false } });
        Assert.That(onChip.Layers.Select(l => l.OutputOnChip), Is.EqualTo(new[] { true, false }));
        Assert.That((onChip.Layers[0].DramBytesRead, onChip.Layers[0].DramBytesWritten), Is.EqualTo((2048L + 1152, 0L)));
        Assert.That((onChip.Layers[1].DramBytesRead, onChip.Layers[1].DramBytesWritten), Is.EqualTo((1152L, 2048L)));
        Assert.That((viaDram.Layers[0].DramBytesWritten, viaDram.Layers[1].DramBytesRead), Is.EqualTo((4096L, 4096L + 1152)));
        Assert.That(viaDram.Layers.Select(l => l.OutputOnChip), Is.All.False);
        Assert.That(onChip.AllBitExact && viaDram.AllBitExact, Is.True);
        Assert.That(onChip.Layers[1].OutputSha256, Is.EqualTo(viaDram.Layers[1].OutputSha256));
        Assert.That(onChip.TotalCycles, Is.LessThan(viaDram.TotalCycles));
    }

    [Test]
    public void ARunPastItsCycleLimitStopsWithOneErrorLineNamingTheLayer()
    {
        // A conv of 16 x 16 pixels on the 16x16 array takes thousands of cycles; a limit of 500 stops it.
        var layers = new LayerSpec[] { TestScenarios.Conv("first", c: 8, h: 16, w: 16, oc: 16, k: 3, pad: 1) };
        var network = TestScenarios.Of(TestScenarios.Array16(), layers);
        var e = Assert.Throws<InputError>(() => ScenarioRunner.Run(network with { Execution = network.Execution with { MaxCycles = 500 } }))!;
        Assert.That(e.Message, Is.EqualTo("error: the run passed its limit of 500 core cycles (execution.max_cycles) while layer 'first' was running; " +
                                          "raise the limit in the scenario's execution: section, or check the inputs"));
        var alone = TestScenarios.OneAtATime(TestScenarios.Array16(), layers);
        e = Assert.Throws<InputError>(() => ScenarioRunner.Run(alone with { Execution = alone.Execution with { MaxCycles = 500 } }))!;
        Assert.That(e.Message, Does.Contain("while layer 'first' was running"));
        // Well within the limit, the same run is untouched.
        Assert.That(ScenarioRunner.Run(network with { Execution = network.Execution with { MaxCycles = 1_000_000 } }).TotalCycles,
            Is.EqualTo(ScenarioRunner.Run(network).TotalCycles));
    }

    [Test]
    public void TheNextLayerReadsWhatTheLayerBeforeItComputed()
    {
        // The ReLU's output is the conv's with its negatives zeroed, so it has as many zeros as the conv's
        // output has values <= 0; alone, the ReLU rectifies data of its own.
        var network = ScenarioRunner.Run(TestScenarios.Of(Ddr4, ConvThenRelu));
        var fused = ScenarioRunner.Run(TestScenarios.Of(Ddr4, ConvThenRelu[0], new ReluLayer("relu", [1, 4, 4, 4])));
        Assert.That(network.Layers[1].OutputSha256, Is.EqualTo(fused.Layers[1].OutputSha256), "fused or not, the same ReLU output");
        Assert.That(fused.Layers[1].FusedInto, Is.EqualTo("conv"));
        Assert.That(network.Layers[1].FusedInto, Is.Null);
    }

    [Test]
    public void AClipRunsInTheOutputStageOrOnTheVectorUnitAlike()
    {
        // ReLU6 in the int8 domain: outputs in [0, 6] whichever unit clips, and each bit-exact.
        var conv = TestScenarios.Conv("c", c: 8, h: 6, w: 6, oc: 16, k: 3, pad: 1);
        var fused = ScenarioRunner.Run(TestScenarios.Of(Ddr4, conv, new ClipLayer("clip", [1, 16, 6, 6], 0, 6)));
        var apart = ScenarioRunner.Run(TestScenarios.Of(Ddr4, conv, new ClipLayer("clip", [1, 16, 6, 6], 0, 6) { Fuse = false }));
        Assert.That(fused.AllBitExact && apart.AllBitExact, Is.True);
        Assert.That(fused.Layers[1].FusedInto, Is.EqualTo("c"));
        Assert.That(apart.Layers[1].FusedInto, Is.Null);
        Assert.That(apart.Layers[1].Unit, Is.EqualTo("vector"));
        Assert.That(fused.Layers[1].OutputSha256, Is.EqualTo(apart.Layers[1].OutputSha256));
        Assert.That(fused.Layers[0].DramBytesWritten, Is.EqualTo(16 * 36), "the conv stores the clipped int8 output once");
    }

    [Test]
    public void OnlyTheNetworksInputAndOutputCrossTheHostLink()
    {
        // Inputs: the conv's 1x4x4x4 int8 input (64 bytes); weights (4x4 int8 = 16 bytes) preloaded; output:
        // the ReLU's 64 bytes, the only tensor no layer reads. The conv's output stays in device memory.
        var run = ScenarioRunner.Run(TestScenarios.Of(Ddr4, ConvThenRelu));
        Assert.That(run.Layers.Select(l => l.LinkBytesToDevice), Is.EqualTo(new long[] { 64, 0 }));
        Assert.That(run.Layers.Select(l => l.LinkBytesToHost), Is.EqualTo(new long[] { 0, 64 }));
        Assert.That(run.Setup!.WeightBytes, Is.EqualTo(16));
        Assert.That(run.Offload, Is.EqualTo("network"));
    }

    [Test]
    public void RefreshesAreCountedOverTheWholeRun()
    {
        // DDR4-2400: a refresh per rank every tREFI = 9,360 cycles of 0.833 ns (7.8 us), two ranks. Layers
        // run back to back on one DRAM, so the refreshes the layers count add up to the run's: at least
        // 2 x floor(latency / 7.8 us) - 2 (the first and last windows may straddle the run's ends).
        var layers = new LayerSpec[]
        {
            TestScenarios.Conv("a", c: 64, h: 28, w: 28, oc: 64, k: 3, pad: 1),
            new ReluLayer("relu", [1, 64, 28, 28]) { Fuse = false },
            TestScenarios.Conv("b", c: 64, h: 28, w: 28, oc: 64, k: 3, pad: 1),
        };
        var run = ScenarioRunner.Run(TestScenarios.Of(Ddr4, layers));
        double latencyUs = run.LatencyMicroseconds;
        long windows = (long)(latencyUs / (9360 * 0.833 / 1000));
        Assert.That(windows, Is.GreaterThanOrEqualTo(10), "the run spans many refresh windows");
        Assert.That(run.Layers.Sum(l => l.Dram!.Refreshes), Is.GreaterThanOrEqualTo(2 * windows - 2));
        Assert.That(run.Layers.Sum(l => l.Dram!.Refreshes), Is.LessThanOrEqualTo(2 * windows + 2));
    }

    [Test]
    public void TwoWeightBuffersCutResNet50sComputeCyclesByAFifthAndChangeNoOutputBit()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "zoo", "resnet50.yaml"));
        var hw = scenario.Hardware;
        var one = ScenarioRunner.Run(scenario);
        var two = ScenarioRunner.Run(scenario with { Hardware = hw with { PeArray = hw.PeArray with { WeightBuffers = 2 } } });
        Assert.That(one.AllBitExact && two.AllBitExact, Is.True);
        Assert.That(two.Layers.Select(l => l.OutputSha256), Is.EqualTo(one.Layers.Select(l => l.OutputSha256)));
        long Compute(RunSummary r) => r.Layers.Where(l => l.Unit == "pe_array").Sum(l => l.Timing.ComputeCycles);
        Assert.That(Compute(two), Is.LessThanOrEqualTo(Compute(one) * 8 / 10));
    }

    [Test]
    public void FusionChangesNoOutputBitOfResNet50AndRemovesTheReluTraffic()
    {
        var path = Path.Combine(ConfigTestSupport.RepoRoot, "scenarios", "zoo", "resnet50.yaml");
        var scenario = ScenarioLoader.Load(path);
        var fused = ScenarioRunner.Run(scenario);
        var apart = ScenarioRunner.Run(scenario with { Execution = scenario.Execution with { Fuse = false } });

        Assert.That(fused.AllBitExact && apart.AllBitExact, Is.True);
        // Every layer that is not the root of a fused chain writes the same tensor either way; a root
        // writes what its chain's last layer writes when run apart.
        var bySha = apart.Layers.ToDictionary(l => l.Name, l => l.OutputSha256);
        var roots = fused.Layers.Where(l => l.FusedInto != null).Select(l => l.FusedInto!).ToHashSet();
        foreach (var l in fused.Layers.Where(l => !roots.Contains(l.Name)))
            Assert.That(l.OutputSha256, Is.EqualTo(bySha[l.Name]), l.Name);
        var relus = fused.Layers.Where(l => l.Type == "relu").ToList();
        Assert.That(relus, Has.Count.EqualTo(49));
        Assert.That(relus.Select(l => l.FusedInto), Is.All.Not.Null);
        Assert.That(fused.Layers.Where(l => l.Type == "add").Select(l => l.FusedInto), Is.All.Not.Null);
        Assert.That(relus.Sum(l => l.DramBytesRead + l.DramBytesWritten), Is.Zero);
        // Run apart, each ReLU reads and writes its tensor: fusion saves at least those bytes.
        long reluBytes = apart.Layers.Where(l => l.Type == "relu").Sum(l => l.DramBytesRead + l.DramBytesWritten);
        long saved = apart.Layers.Sum(l => l.DramBytesRead + l.DramBytesWritten) - fused.Layers.Sum(l => l.DramBytesRead + l.DramBytesWritten);
        Assert.That(saved, Is.GreaterThanOrEqualTo(reluBytes));
        // The host link carries the image and the 1,000 logits; its stall is at most 2 % of the latency.
        Assert.That(fused.Layers.Sum(l => l.Timing.LinkStallCycles), Is.LessThanOrEqualTo(fused.TotalCycles / 50));
        Assert.That(fused.Layers.Sum(l => l.LinkBytesToDevice), Is.EqualTo(3 * 224 * 224));
        Assert.That(fused.Layers.Sum(l => l.LinkBytesToHost), Is.EqualTo(1000));
        // The mapper moves at most 1.3x the algorithmic minimum through DRAM (each layer's inputs, weights and
        // output once: a sum over the layers' shapes, independent of the mapping).
        long minimum = fused.Layers.Sum(l => l.DramBytesMinimum);
        Assert.That(fused.Layers.Sum(l => l.DramBytesRead + l.DramBytesWritten), Is.LessThanOrEqualTo(minimum * 13 / 10));
    }
}

using Sim.Config;
using Sim.Run;
using Sim.Scenarios;
using Sim.Tests.Config;
using Sim.Tests.Run;

namespace Sim.Tests.Noc;

/// <summary>
/// Pipelined runs compute what split runs compute, bit for bit; the pipeline is unused where it cannot apply; and the
/// ResNet-50 layers at batch 8 on the 4-core example report both ways' throughput.
/// </summary>
public class PipelinedRunTests
{
    private static ScenarioConfig TwoConvsBatchThree(int cores, bool pipeline) =>
        TestScenarios.Of(TestScenarios.Array16() with { Cores = cores },
                TestScenarios.Conv("a", 8, 8, 8, 16, 3, pad: 1).Batched(3), TestScenarios.Conv("b", 16, 8, 8, 16, 3, pad: 1).Batched(3))
            with { Batch = 3, Execution = ExecutionConfig.Default with { Pipeline = pipeline } };

    [Test]
    public void PipelinedOutputsEqualSplitOnes()
    {
        var split = ScenarioRunner.Run(TwoConvsBatchThree(2, pipeline: false));
        var pipelined = ScenarioRunner.Run(TwoConvsBatchThree(2, pipeline: true));
        Assert.That(split.AllBitExact && pipelined.AllBitExact, Is.True);
        Assert.That(pipelined.Layers.Select(l => l.OutputSha256), Is.EqualTo(split.Layers.Select(l => l.OutputSha256)));
        Assert.That(split.Pipeline, Is.Null);
        Assert.That(pipelined.Pipeline!.Stages, Is.EqualTo("a | b"));
        Assert.That(pipelined.Pipeline.LatencyCycles, Has.Count.EqualTo(3));
        // Every inference's latency lies within the run's.
        Assert.That(pipelined.Pipeline.LatencyCycles.Max(), Is.LessThanOrEqualTo(pipelined.TotalCycles));
    }

    [Test]
    public void OnOneCoreThePipelineIsUnused()
    {
        var plain = ScenarioRunner.Run(TwoConvsBatchThree(1, pipeline: false));
        var asked = ScenarioRunner.Run(TwoConvsBatchThree(1, pipeline: true));
        Assert.That(asked.Pipeline, Is.Null);
        Assert.That((asked.TotalCycles, asked.EnergyPj), Is.EqualTo((plain.TotalCycles, plain.EnergyPj)));
    }

    [Test]
    public void ResNet50LayersAtBatchEightPipelineBitExactOnFourCores()
    {
        string root = ConfigTestSupport.RepoRoot;
        var four = HardwareLoader.Load(Path.Combine(root, "configs", "ws-32x32-int8-4core.yaml"));
        var scenario = ScenarioLoader.Load(Path.Combine(root, "scenarios", "resnet50-layers-batch8.yaml")) with { Hardware = four };
        var split = ScenarioRunner.Run(scenario);
        var pipelined = ScenarioRunner.Run(scenario with { Execution = scenario.Execution with { Pipeline = true } });
        Assert.That(pipelined.AllBitExact, Is.True);
        Assert.That(pipelined.Layers.Select(l => l.OutputSha256), Is.EqualTo(split.Layers.Select(l => l.OutputSha256)));
        var p = pipelined.Pipeline!;
        Assert.That((p.StageCount, p.LatencyCycles.Count), Is.EqualTo((4, 8)));
        Assert.That(pipelined.InferencesPerSecond, Is.EqualTo(8e6 / pipelined.LatencyMicroseconds).Within(1e-9));
        Assert.That(pipelined.MeanInferenceMicroseconds, Is.LessThanOrEqualTo(pipelined.MaxInferenceMicroseconds));
        Assert.That(pipelined.MaxInferenceMicroseconds, Is.LessThanOrEqualTo(pipelined.LatencyMicroseconds));
        TestContext.Out.WriteLine($"split {split.InferencesPerSecond:0.###} inferences/s, latency {split.LatencyMicroseconds:0.###} us; " +
                                  $"pipelined ({p.Stages}) {pipelined.InferencesPerSecond:0.###} inferences/s, latency per inference " +
                                  $"mean {pipelined.MeanInferenceMicroseconds:0.###} us, max {pipelined.MaxInferenceMicroseconds:0.###} us");
    }
}

using Sim.Scenarios;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

/// <summary>execution.pipeline: read as a flag, off by default, one positioned error line on a bad value.</summary>
public partial class ScenarioLoaderTests
{
    [Test]
    public void PipelineIsOffByDefaultAndReadAsAFlag()
    {
        Assert.That(ScenarioLoader.Load(Write(ScenarioHead + Conv)).Execution.Pipeline, Is.False);
        var on = ScenarioLoader.Load(Write("execution: { pipeline: true }\n" + ScenarioHead + Conv)).Execution;
        Assert.That(on.Pipeline, Is.True);
        // It takes effect offloaded as a network, on several cores, with a batch of more than one.
        Assert.That((on.Pipelines(4, 8), on.Pipelines(1, 8), on.Pipelines(4, 1), (on with { Offload = Offload.Layer }).Pipelines(4, 8)),
            Is.EqualTo((true, false, false, false)));
    }

    [Test]
    public void BadPipelineIsPositioned() =>
        AssertNetworkError(Conv, "1:24: error: execution.pipeline: unknown value 'yes' (expected one of: true, false)",
            "execution: { pipeline: yes }\n" + ScenarioHead);
}

using Sim.Config;
using Sim.Run;

namespace Sim.Tests.Run;

/// <summary>A run stops at its next layer once its token is cancelled, however its layers are offloaded.</summary>
public class CancelledRunTests
{
    private static readonly LayerSpec[] Layers =
    [
        TestScenarios.Conv("conv", c: 4, h: 10, w: 10, oc: 8, k: 3, pad: 1),
        new ReluLayer("relu", [1, 8, 10, 10]),
        new GemmLayer("fc", 2, 40, 16),
    ];

    [TestCase(true, TestName = "ACancelledTokenStopsTheRunBeforeItsNextLayer(as one network)")]
    [TestCase(false, TestName = "ACancelledTokenStopsTheRunBeforeItsNextLayer(layer by layer)")]
    public void ACancelledTokenStopsTheRunBeforeItsNextLayer(bool network)
    {
        var scenario = network ? TestScenarios.Of(TestScenarios.Array16(), Layers) : TestScenarios.OneAtATime(TestScenarios.Array16(), Layers);
        using var cancel = new CancellationTokenSource();
        int done = 0;
        Assert.Catch<OperationCanceledException>(() => ScenarioRunner.Run(scenario, (_, _) =>
        {
            done++;
            cancel.Cancel();
        }, cancel: cancel.Token));
        Assert.That(done, Is.EqualTo(1), "no layer reported after the one that cancelled");

        done = 0;
        Assert.Catch<OperationCanceledException>(() => ScenarioRunner.Run(scenario, (_, _) => done++, cancel: cancel.Token));
        Assert.That(done, Is.Zero, "a token cancelled before the run stops it before its first layer");
    }
}

using Sim.Config;
using Sim.Scenarios;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

/// <summary>The keys that make a scenario a network: execution:, a layer's inputs: and fuse:, add and clip layers.</summary>
public partial class ScenarioLoaderTests
{
    private const string Conv = "  - { name: c, type: conv2d, input: [1, 4, 4, 4], out_channels: 4, kernel: 1 }\n";

    /// <summary>A scenario of <paramref name="layers"/> under <paramref name="head"/>: the error at line:col and its reason.</summary>
    private void AssertNetworkError(string layers, string positionAndReason, string head = ScenarioHead) =>
        AssertScenarioError(head + layers, positionAndReason);

    [Test]
    public void ExecutionDefaultsToOneFusedNetwork()
    {
        var s = ScenarioLoader.Load(Write(ScenarioHead + Conv));
        Assert.That(s.Execution, Is.EqualTo(new ExecutionConfig(Offload.Network, Fuse: true)));
        var alone = ScenarioLoader.Load(Write("execution: { offload: layer, fuse: false }\n" + ScenarioHead + Conv));
        Assert.That(alone.Execution, Is.EqualTo(new ExecutionConfig(Offload.Layer, Fuse: false)));
    }

    [Test]
    public void InputsAndFuseAreRead()
    {
        var s = ScenarioLoader.Load(Write(ScenarioHead + Conv +
            "  - { name: r, type: relu, input: [1, 4, 4, 4], inputs: [c], fuse: false }\n" +
            "  - { name: a, type: add, input: [1, 4, 4, 4], inputs: [c, r] }\n"));
        Assert.That(s.Layers[1].Inputs, Is.EqualTo(new[] { "c" }));
        Assert.That(s.Layers[1].Fuse, Is.False);
        Assert.That(s.Layers[2], Is.TypeOf<AddLayer>());
        Assert.That(s.Layers[2].Inputs, Is.EqualTo(new[] { "c", "r" }));
    }

    [Test]
    public void BadExecutionIsPositioned() =>
        AssertNetworkError(Conv, "1:23: error: execution.offload: unknown value 'bogus' (expected one of: network, layer)",
            "execution: { offload: bogus }\n" + ScenarioHead);

    [Test]
    public void AnInputMustBeAnEarlierLayer() =>
        AssertNetworkError(Conv + "  - { name: r, type: relu, input: [1, 4, 4, 4], inputs: [r] }\n",
            "9:58: error: layers[1].inputs[0]: 'r' is not a layer listed before 'r'");

    [Test]
    public void AnInputMustHaveTheElementsTheLayerReads() =>
        AssertNetworkError(Conv + "  - { name: r, type: relu, input: [1, 4, 4, 5], inputs: [c] }\n",
            "9:58: error: layers[1].inputs[0]: 'c' outputs 64 elements, 'r' reads 80");

    [Test]
    public void AnInputMustBeInTheFormatTheLayerReads() =>
        AssertNetworkError("  - { name: c, type: conv2d, input: [1, 4, 4, 4], out_channels: 4, kernel: 1, format: int16 }\n" +
                            "  - { name: r, type: relu, input: [1, 4, 4, 4], inputs: [c] }\n",
            "9:58: error: layers[1].inputs[0]: 'c' writes int16 values, 'r' reads int8");

    [Test]
    public void AnAddNamesTwoInputs()
    {
        AssertNetworkError(Conv + "  - { name: a, type: add, input: [1, 4, 4, 4] }\n",
            "9:5: error: layers[1]: missing required key 'inputs' (the two layers whose outputs it adds, e.g. inputs: [res2a_1x1b, res2a_proj])");
        AssertNetworkError(Conv + "  - { name: a, type: add, input: [1, 4, 4, 4], inputs: [c] }\n",
            "9:56: error: layers[1].inputs: expected a list of 2 layer names, got a list of 1");
    }

    [Test]
    public void AClipsBoundsAreInt8AndOrdered()
    {
        AssertNetworkError(Conv + "  - { name: k, type: clip, input: [1, 4, 4, 4], min: 6, max: 0 }\n",
            "9:62: error: layers[1].max: expected at least min (6), got 0");
        AssertNetworkError(Conv + "  - { name: k, type: clip, input: [1, 4, 4, 4], min: 0, max: 300 }\n",
            "9:62: error: layers[1].max: expected an integer from -128 to 127, got 300");
    }

    [Test]
    public void FuseIsAFlag() =>
        AssertNetworkError(Conv + "  - { name: r, type: relu, input: [1, 4, 4, 4], fuse: maybe }\n",
            "9:55: error: layers[1].fuse: unknown value 'maybe' (expected one of: true, false)");
}

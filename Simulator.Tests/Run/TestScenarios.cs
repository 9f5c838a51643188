using Sim.PeArray;
using Sim.Config;
using Sim.Dma;
using Sim.HostLink;
using Sim.Scenarios;

namespace Sim.Tests.Run;

/// <summary>Small hardware and scenarios built in code, so run tests do not depend on the YAML loader.</summary>
internal static class TestScenarios
{
    public static HardwareConfig Array16(double bandwidthGBps = 12.8, int outputPorts = 2) => new(
        "test-16x16", "(test)",
        new PeArrayConfig(16, 16, Dataflow.WeightStationary, ClockMhz: 1000),
        Sim.Numerics.ElementFormat.Int8,
        new ScratchpadsConfig(
            Input: new ScratchpadConfig(64 * 1024, 4, 16, 1),
            Weight: new ScratchpadConfig(64 * 1024, 4, 16, 1),
            Output: new ScratchpadConfig(32 * 1024, 4, 64, outputPorts)),
        new SimpleMemoryConfig(LatencyNs: 100, BandwidthGBps: bandwidthGBps),
        new VectorUnitConfig(16),
        HostLinkConfig.Default,
        DmaConfig.Default,
        Sim.Config.EnergyTableLoader.LoadDefault());

    public static ScenarioConfig Of(HardwareConfig hw, params LayerSpec[] layers) =>
        new("test", "(test)", hw, Seed: 5, new DataSource(0.3, 0.1), layers);

    /// <summary>The layers offloaded one at a time, each on a fresh machine (<c>offload: layer</c>).</summary>
    public static ScenarioConfig OneAtATime(HardwareConfig hw, params LayerSpec[] layers) =>
        Of(hw, layers) with { Execution = new ExecutionConfig(Offload.Layer, Fuse: false) };

    public static Conv2DLayer Conv(string name, int c, int h, int w, int oc, int k, int stride = 1, int pad = 0,
        int dilation = 1, int groups = 1) =>
        new(name, 1, c, h, w, oc, k, k, stride, stride, new Padding2D(pad, pad, pad, pad), dilation, dilation, groups);
}

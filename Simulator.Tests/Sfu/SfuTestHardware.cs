using Sim.Config;
using Sim.Numerics;
using Sim.Sfu;
using Sim.Tests.Run;

namespace Sim.Tests.Sfu;

/// <summary>The 16x16 test hardware with the README's example SFU (16 lanes, 256 bf16 entries, linear) holding <paramref name="functions"/>.</summary>
internal static class SfuTestHardware
{
    public static HardwareConfig With(params SfuFunction[] functions) =>
        TestScenarios.Array16() with { Sfu = new SfuConfig(16, 256, SfuInterpolation.Linear, ElementFormat.Bf16, functions) };
}

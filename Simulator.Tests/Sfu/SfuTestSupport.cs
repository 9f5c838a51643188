using Sim.Config;
using Sim.Numerics;
using Sim.Sfu;

namespace Sim.Tests.Sfu;

internal static class SfuTestSupport
{
    public static readonly SfuFunction[] AllFunctions = SfuFunctions.Names.Select(n => n.Value).ToArray();

    /// <summary>The SFU of the README's example: 16 lanes, 256 bf16 entries, linear.</summary>
    public static SfuConfig Default => Configured(256, SfuInterpolation.Linear, ElementFormat.Bf16);

    public static SfuConfig Configured(int entries, SfuInterpolation interpolation, ElementFormat format) =>
        new(16, entries, interpolation, format, AllFunctions);

    /// <summary>Seeded arguments over the ranges that matter to each function, plus the edge values every kernel must handle.</summary>
    public static float[] Arguments(SfuFunction f, int count, int seed)
    {
        var r = new Random(seed);
        var x = new List<float>
        {
            0f, -0f, 1f, -1f, 0.5f, 2f, 3f, 8f, -8f, 16f, -16f, 100f, -100f, 1e-30f, -1e-30f, 1e-44f, 3e38f, -3e38f,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 7.9999995f, 15.999999f, 0.99999994f,
        };
        double span = f switch { SfuFunction.Exp => 90, SfuFunction.Reciprocal or SfuFunction.Rsqrt => 0, _ => 20 };
        for (int i = 0; i < count; i++)
            x.Add(span > 0
                ? (float)((r.NextDouble() * 2 - 1) * (r.Next(4) == 0 ? span : 4))
                : (float)(Math.ScaleB(1 + r.NextDouble(), r.Next(-140, 127)) * (f == SfuFunction.Rsqrt || r.Next(2) == 0 ? 1 : -1)));
        return x.ToArray();
    }
}

using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>IEEE 754 binary32 conversions with an explicit overflow rule.</summary>
internal static class Fp32
{
    /// <summary>
    /// Rounds to nearest, ties to even (the IEEE double-to-float conversion). Overflow and ±Inf give ±Inf,
    /// or ±float.MaxValue when saturating. NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FromDouble(double x, OverflowMode overflow)
    {
        float f = (float)x;
        if (overflow == OverflowMode.Saturate && float.IsInfinity(f)) return f > 0 ? float.MaxValue : -float.MaxValue;
        return f;
    }

    /// <summary>A float unchanged, except ±Inf becomes ±float.MaxValue when saturating.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FromFloat(float x, OverflowMode overflow) =>
        overflow == OverflowMode.Saturate && float.IsInfinity(x) ? (x > 0 ? float.MaxValue : -float.MaxValue) : x;
}

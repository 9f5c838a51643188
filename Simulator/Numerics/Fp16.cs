using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// IEEE 754 binary16 (fp16) as raw <see cref="ushort"/> bits: 1 sign, 5 exponent bits (bias 15), 10 fraction
/// bits; max 65504, min normal 2^-14, min subnormal 2^-24. Written out rather than through
/// <see cref="Half"/> so that <see cref="Half"/> can serve as the tests' independent reference.
/// </summary>
internal static class Fp16
{
    public const ushort MaxFiniteBits = 0x7BFF;
    public const ushort InfinityBits = 0x7C00;
    public const ushort NaNBits = 0x7E00;
    public const float MaxFinite = 65504f;
    public const int MantissaBits = 10;
    public const int Bias = 15;

    /// <summary>The value of an encoding, exact (every fp16 value is a float). NaN payloads are kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToFloat(ushort bits)
    {
        uint sign = (uint)(bits & 0x8000) << 16;
        int e = (bits >> 10) & 0x1F;
        uint m = bits & 0x3FFu;
        if (e == 0)
        {
            float v = m * (1f / 16777216f);          // m * 2^-24, exact
            return sign != 0 ? -v : v;
        }
        if (e == 31) return BitConverter.UInt32BitsToSingle(sign | 0x7F80_0000u | (m << 13));
        return BitConverter.UInt32BitsToSingle(sign | ((uint)(e - Bias + 127) << 23) | (m << 13));
    }

    /// <summary>
    /// Rounds to nearest, ties to even (IEEE 754 convertFormat). Overflow (|x| &gt;= 65520 rounds past 65504)
    /// and ±Inf give ±Inf, or ±65504 when saturating. NaN gives a quiet NaN keeping the sign and the top
    /// payload bits. Subnormals exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromFloat(float x, OverflowMode overflow)
    {
        uint u = BitConverter.SingleToUInt32Bits(x);
        if ((u & 0x7FFF_FFFFu) > 0x7F80_0000u) return (ushort)(((u >> 16) & 0x8000) | NaNBits | ((u >> 13) & 0x3FF));
        return (ushort)MiniFloat.Encode(x, MantissaBits, Bias, 15, MaxFiniteBits, InfinityBits, NaNBits, overflow);
    }

    /// <summary>As <see cref="FromFloat"/>, rounding the double once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromDouble(double x, OverflowMode overflow) =>
        (ushort)MiniFloat.Encode(x, MantissaBits, Bias, 15, MaxFiniteBits, InfinityBits, NaNBits, overflow);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN(ushort bits) => (bits & 0x7FFF) > InfinityBits;
}

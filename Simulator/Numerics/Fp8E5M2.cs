using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// OCP OFP8 E5M2 (OCP 8-bit Floating Point Specification, rev 1.0, 2023-12-01, Tables 1 and 2):
/// S.EEEEE.MM, bias 15, IEEE-754 conventions: subnormals S.00000.MM = ±2^-14 * m/4; normals up to
/// S.11110.11 = ±57344; S.11111.00 is ±Inf; S.11111.{01,10,11} are NaN.
/// Named values: max 57344, min normal 2^-14, min subnormal 2^-16.
/// </summary>
internal static class Fp8E5M2
{
    public const byte MaxFiniteBits = 0x7B;
    public const byte InfinityBits = 0x7C;
    /// <summary>The NaN this library writes (S.11111.11, sign kept).</summary>
    public const byte NaNBits = 0x7F;
    public const float MaxFinite = 57344f;
    public const int MantissaBits = 2;
    public const int Bias = 15;

    private static readonly float[] Values = BuildTable();

    /// <summary>The value of an encoding (table lookup).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToFloat(byte bits) => Values[bits];

    /// <summary>The value of an encoding as a double (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(byte bits) => Values[bits];

    /// <summary>
    /// Rounds <paramref name="x"/> to nearest, ties to even. Overflow (a value that rounds above 57344, i.e.
    /// |x| &gt;= 61440) and ±Inf give ±57344 when saturating, ±Inf otherwise. NaN gives NaN (S.11111.11, sign
    /// kept). Subnormals exact; tiny values give ±0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte FromFloat(float x, OverflowMode overflow) => FromDouble(x, overflow);

    /// <summary>As <see cref="FromFloat"/>, rounding the double once (no double rounding through float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte FromDouble(double x, OverflowMode overflow) =>
        (byte)MiniFloat.Encode(x, MantissaBits, Bias, 7, MaxFiniteBits, InfinityBits, NaNBits, overflow);

    /// <summary>True for S.11111.{01,10,11}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN(byte bits) => (bits & 0x7F) > InfinityBits;

    private static float[] BuildTable()
    {
        var t = new float[256];
        for (uint b = 0; b < 256; b++)
        {
            uint mag = b & 0x7F;
            double v = mag > InfinityBits ? double.NaN
                : mag == InfinityBits ? double.PositiveInfinity
                : MiniFloat.FiniteValue(mag, MantissaBits, Bias);
            t[b] = (float)((b & 0x80) != 0 ? -v : v);
        }
        return t;
    }
}

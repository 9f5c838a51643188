using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// OCP OFP8 E4M3 (OCP 8-bit Floating Point Specification, rev 1.0, 2023-12-01, Tables 1 and 2):
/// S.EEEE.MMM, bias 7; subnormals S.0000.MMM = ±2^-6 * m/8; normals up to S.1111.110 = ±448;
/// no infinities; S.1111.111 (0x7F, 0xFF) is NaN, the only NaN pattern per sign.
/// Named values: max 448, min normal 2^-6, min subnormal 2^-9.
/// </summary>
internal static class Fp8E4M3
{
    public const byte MaxFiniteBits = 0x7E;
    public const byte NaNBits = 0x7F;
    public const float MaxFinite = 448f;
    public const int MantissaBits = 3;
    public const int Bias = 7;

    private static readonly float[] Values = BuildTable();

    /// <summary>The value of an encoding (table lookup); S.1111.111 gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToFloat(byte bits) => Values[bits];

    /// <summary>The value of an encoding as a double (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(byte bits) => Values[bits];

    /// <summary>
    /// Rounds <paramref name="x"/> to nearest, ties to even. Overflow (a value that rounds above 448, i.e.
    /// |x| &gt; 464) and ±Inf give ±448 when saturating, NaN otherwise (OFP8: E4M3 has no infinity).
    /// NaN gives NaN with the input's sign. Subnormals exact; tiny values give ±0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte FromFloat(float x, OverflowMode overflow) => FromDouble(x, overflow);

    /// <summary>As <see cref="FromFloat"/>, rounding the double once (no double rounding through float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte FromDouble(double x, OverflowMode overflow) =>
        (byte)MiniFloat.Encode(x, MantissaBits, Bias, 7, MaxFiniteBits, NaNBits, NaNBits, overflow);

    /// <summary>True for S.1111.111.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN(byte bits) => (bits & 0x7F) == NaNBits;

    private static float[] BuildTable()
    {
        var t = new float[256];
        for (uint b = 0; b < 256; b++)
        {
            uint mag = b & 0x7F;
            double v = mag == NaNBits ? double.NaN : MiniFloat.FiniteValue(mag, MantissaBits, Bias);
            t[b] = (float)((b & 0x80) != 0 ? -v : v);
        }
        return t;
    }
}

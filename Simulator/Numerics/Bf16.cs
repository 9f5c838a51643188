using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// bfloat16 as raw <see cref="ushort"/> bits: the top half of an IEEE binary32 (1 sign, 8 exponent bits,
/// bias 127, 7 fraction bits); max 3.3895314e38, min normal 2^-126, min subnormal 2^-133.
/// </summary>
internal static class Bf16
{
    public const ushort MaxFiniteBits = 0x7F7F;
    public const ushort InfinityBits = 0x7F80;
    public const ushort NaNBits = 0x7FC0;
    public const int MantissaBits = 7;
    public const int Bias = 127;

    /// <summary>The value of an encoding, exact: the bits become the top half of a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToFloat(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>
    /// Rounds to nearest, ties to even, on the 16 dropped bits; a carry moves into the exponent, up to Inf.
    /// Overflow and ±Inf give ±Inf, or ±max finite when saturating. NaN gives a quiet NaN keeping the sign
    /// and the top payload bits. Subnormals exact (they are float subnormals with the low bits dropped).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromFloat(float x, OverflowMode overflow)
    {
        uint u = BitConverter.SingleToUInt32Bits(x);
        if ((u & 0x7FFF_FFFFu) > 0x7F80_0000u) return (ushort)((u >> 16) | 0x0040);
        uint r = (u + 0x7FFFu + ((u >> 16) & 1)) >> 16;
        if (overflow == OverflowMode.Saturate && (r & 0x7FFF) > MaxFiniteBits) r = (r & 0x8000) | MaxFiniteBits;
        return (ushort)r;
    }

    /// <summary>As <see cref="FromFloat"/>, rounding the double once (no double rounding through float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromDouble(double x, OverflowMode overflow) =>
        (ushort)MiniFloat.Encode(x, MantissaBits, Bias, 15, MaxFiniteBits, InfinityBits, NaNBits, overflow);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNaN(ushort bits) => (bits & 0x7FFF) > InfinityBits;
}

using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// The one rounding routine behind every narrow float encode (fp8, fp16, bf16 from double): a binary
/// float with 1 sign bit, <c>mantissaBits</c> stored fraction bits and exponent bias <c>bias</c>, subnormals
/// included. The caller passes the format's constants; with aggressive inlining the JIT folds them.
/// <para>
/// Method: take the input's integer significand and exponent (exact for any double), shift the significand
/// right to the target's quantum at that exponent (the subnormal quantum below the minimum exponent) and
/// round the dropped bits to nearest, ties to even, exactly as IEEE 754 rounds with an unbounded exponent.
/// The code is then <c>((e + bias - 1) &lt;&lt; mantissaBits) + q</c>, where <c>q</c> still holds the implicit bit:
/// a carry out of the fraction moves into the exponent by itself, a subnormal rounding up to the smallest
/// normal likewise. Only then is overflow decided: a code above <c>maxFiniteCode</c> is too large after
/// rounding (OFP8 and IEEE 754 both decide overflow after rounding).
/// </para>
/// </summary>
internal static class MiniFloat
{
    /// <summary>
    /// Encodes <paramref name="x"/> (NaN already excluded or mapped to <paramref name="nanCode"/>).
    /// <paramref name="infCode"/> is what non-saturating overflow gives (Inf, or NaN for E4M3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Encode(double x, int mantissaBits, int bias, int signShift,
        uint maxFiniteCode, uint infCode, uint nanCode, OverflowMode overflow)
    {
        ulong u = BitConverter.DoubleToUInt64Bits(x);
        uint sign = (uint)(u >> 63) << signShift;
        ulong a = u & 0x7FFF_FFFF_FFFF_FFFFUL;
        if (a >= 0x7FF0_0000_0000_0000UL)
        {
            if (a != 0x7FF0_0000_0000_0000UL) return sign | nanCode;
            return sign | (overflow == OverflowMode.Saturate ? maxFiniteCode : infCode);
        }

        int e = (int)(a >> 52);
        ulong sig = a & 0x000F_FFFF_FFFF_FFFFUL;
        if (e == 0) e = 1; else sig |= 1UL << 52;
        e -= 1023;                                   // |x| = sig * 2^(e - 52)
        int emin = 1 - bias;
        int e0 = e > emin ? e : emin;
        int shift = 52 - mantissaBits + (e0 - e);    // >= 52 - 23: never 0
        if (shift >= 54) return sign;                // sig < 2^53 <= half a quantum: rounds to ±0

        ulong q = sig >> shift;
        ulong rem = sig & ((1UL << shift) - 1);
        ulong half = 1UL << (shift - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) q++;

        long code = ((long)(e0 + bias - 1) << mantissaBits) + (long)q;
        if (code > maxFiniteCode) return sign | (overflow == OverflowMode.Saturate ? maxFiniteCode : infCode);
        return sign | (uint)code;
    }

    /// <summary>
    /// The value of a finite code's magnitude, by the format definition: exponent field 0 gives the subnormal
    /// 2^(1-bias) * m / 2^mantissaBits, otherwise 2^(e-bias) * (1 + m / 2^mantissaBits). Used to build tables.
    /// </summary>
    internal static double FiniteValue(uint magnitudeCode, int mantissaBits, int bias)
    {
        int e = (int)(magnitudeCode >> mantissaBits);
        uint m = magnitudeCode & ((1u << mantissaBits) - 1);
        return e == 0
            ? Math.ScaleB(m, 1 - bias - mantissaBits)
            : Math.ScaleB((1u << mantissaBits) + m, e - bias - mantissaBits);
    }
}

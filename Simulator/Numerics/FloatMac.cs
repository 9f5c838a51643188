using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// The float multiply-accumulate of a PE: operands decoded from fp8/fp16/bf16, product and sum in fp32.
/// <para>
/// Products are exact in fp32 for fp8 (E4M3, E5M2, mixed) and fp16 operands: significands of at most 11
/// bits multiply to at most 22 bits (fp32 holds 24), and the product magnitudes stay inside fp32's normal
/// range (fp16 x fp16: 2^-48 to 2^32; E5M2: 2^-32 to 2^32; E4M3: 2^-18 to 2^18). So the fp32 multiply does
/// not round, and a fused multiply-add gives the same sum as multiply-then-add. bf16 significands are 8
/// bits, so bf16 products are exact too, except where the exact product leaves fp32's range (above
/// float.MaxValue: ±Inf; below 2^-126: rounded to nearest even as any IEEE multiply does).
/// </para>
/// <para>
/// Accumulation is a plain IEEE fp32 add, rounding to nearest even after every step; the order of the adds
/// is the hardware's and is the caller's to keep. The .NET JIT never contracts <c>a * b + c</c> into an FMA.
/// </para>
/// </summary>
internal static class FloatMac
{
    /// <summary>fp32 product of two decoded narrow values (exact; see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyE4M3(byte a, byte b) => Fp8E4M3.ToFloat(a) * Fp8E4M3.ToFloat(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyE5M2(byte a, byte b) => Fp8E5M2.ToFloat(a) * Fp8E5M2.ToFloat(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyFp16(ushort a, ushort b) => Fp16.ToFloat(a) * Fp16.ToFloat(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyBf16(ushort a, ushort b) => Bf16.ToFloat(a) * Bf16.ToFloat(b);

    /// <summary>One accumulation step: IEEE fp32 add, round to nearest even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Accumulate(float acc, float product) => acc + product;

    /// <summary>acc + a * b in fp32, the product first (exact for fp8/fp16 operands), then the add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Mac(float acc, float a, float b) => acc + a * b;

    /// <summary>
    /// An fp32 accumulator to an output format's bits: round to nearest even, saturate
    /// (<see cref="ElementFormats.DefaultOverflow"/>); NaN stays NaN. Integer formats round half to even and
    /// saturate too.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ToOutput(float acc, ElementFormat output) =>
        ElementCodec.FromFloat(output, acc, ElementFormats.DefaultOverflow);
}

using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// The order in which a weight-stationary array adds a dot product's terms, a property of the hardware
/// that the golden model takes as a parameter so that float results stay bit-exact.
/// <para>
/// The K terms of one output are cut into chunks of <see cref="ChunkSize"/> (the K one weight tile covers:
/// the array's rows R, or 2R with 2:4 structured weights). Within a chunk the products are added in
/// order k = k0, k0+1, ..., down the PE column, into a sum that starts from +0 (the top PE's partial-sum
/// input is tied to zero). Each chunk's column sum is then added into the output's accumulator, which
/// also starts from +0, in chunk order. Every add rounds to the accumulator format
/// (<see cref="Accumulation.Add(ElementFormat, float, float)"/>).
/// </para>
/// <para>
/// Terms whose product is ±0 (a zero operand, padding, a gated MAC, a skipped vector, a pruned weight)
/// never change a sum that started from +0, so leaving them out anywhere keeps results bit-exact, as long
/// as operands are finite (0 x Inf would be NaN; generated operands never hold Inf or NaN).
/// </para>
/// </summary>
internal sealed record AccumulationOrder(int ChunkSize)
{
    public int ChunkSize { get; } = ChunkSize >= 1 ? ChunkSize : throw new ArgumentOutOfRangeException(nameof(ChunkSize));

    public override string ToString() => $"column sums of {ChunkSize} terms in K order, then across chunks in K order";
}

/// <summary>
/// One accumulator add in each accumulator format, shared by the PE datapath and the golden model.
/// <list type="bullet">
/// <item>int32: two's complement, wrapping modulo 2^32.</item>
/// <item>int16: wrapping modulo 2^16 (the result sign-extended into an int).</item>
/// <item>fp32: one IEEE binary32 add, round to nearest even (overflow gives ±Inf, as an IEEE adder does).</item>
/// <item>fp16, bf16: the fp32 sum of the two operands, then rounded to the narrow format, nearest even,
///   saturating (<see cref="ElementFormats.DefaultOverflow"/>). This two-step rounding is the datapath's
///   definition (an fp32 adder followed by a narrowing register), not a correctly rounded fp16 add.</item>
/// </list>
/// </summary>
internal static class Accumulation
{
    /// <summary>Integer accumulate: int32 or int16 wrap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add(ElementFormat accumulator, int sum, int addend) => accumulator == ElementFormat.Int16
        ? unchecked((short)(sum + addend))
        : unchecked(sum + addend);

    /// <summary>Float accumulate in fp32, fp16 or bf16; the result is a value of that format, held in a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(ElementFormat accumulator, float sum, float addend)
    {
        float s = sum + addend;
        return accumulator switch
        {
            ElementFormat.Fp16 => Fp16.ToFloat(Fp16.FromFloat(s, ElementFormats.DefaultOverflow)),
            ElementFormat.Bf16 => Bf16.ToFloat(Bf16.FromFloat(s, ElementFormats.DefaultOverflow)),
            _ => s,
        };
    }

    /// <summary>The value of a format's raw bits as a float (operands: exact; int formats: the integer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Decode(ElementFormat format, short bits) => format switch
    {
        ElementFormat.Fp8E4M3 => Fp8E4M3.ToFloat((byte)bits),
        ElementFormat.Fp8E5M2 => Fp8E5M2.ToFloat((byte)bits),
        ElementFormat.Fp16 => Fp16.ToFloat((ushort)bits),
        ElementFormat.Bf16 => Bf16.ToFloat((ushort)bits),
        _ => bits,
    };

    /// <summary>
    /// True when an operand's raw bits encode zero: integer 0, or ±0 of a float format (the sign bit is
    /// ignored, as a zero detector on the magnitude bits does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(ElementFormat format, short bits) => format switch
    {
        ElementFormat.Fp8E4M3 or ElementFormat.Fp8E5M2 => (bits & 0x7F) == 0,
        ElementFormat.Fp16 or ElementFormat.Bf16 => (bits & 0x7FFF) == 0,
        _ => bits == 0,
    };
}

using System.Runtime.CompilerServices;
using Sim.Numerics;

namespace Sim.PeArray;

/// <summary>
/// The arithmetic a PE's multiply-accumulate does: the operand format its 16-bit operand registers hold
/// and the accumulator format its partial-sum register holds. Partial sums travel as raw 32-bit words
/// (<see cref="int"/>): an int32 or sign-extended int16 value, or the bits of an fp32 value (fp16 and bf16
/// accumulators: the fp32 encoding of the narrow value, which is exact). +0 is all-zero bits in every
/// format, so a reset register and the top row's tied-off input are a zero sum whatever the format.
/// <para>
/// Operands are raw bits in a <see cref="short"/>: int4, int8, int16 as their signed value, uint8 as its
/// value 0..255, fp8 in the low byte, fp16 and bf16 as their 16 bits.
/// </para>
/// <para>
/// Integer formats: exact product, accumulated by <see cref="Accumulation.Add(ElementFormat, int, int)"/>.
/// Float formats: decoded operands multiplied in fp32 (exact for fp8, fp16, bf16, see <see cref="FloatMac"/>),
/// accumulated by <see cref="Accumulation.Add(ElementFormat, float, float)"/>.
/// </para>
/// </summary>
public readonly record struct PeDatapath(ElementFormat Operands, ElementFormat Accumulator)
{
    /// <summary>int8 operands, int32 accumulator: the original array.</summary>
    public static PeDatapath Int8 { get; } = new(ElementFormat.Int8, ElementFormat.Int32);

    public bool IsFloat => Operands.Info().IsFloat;

    /// <summary>Every operand format the 16-bit datapath runs.</summary>
    public static IReadOnlyList<ElementFormat> OperandFormats { get; } =
    [
        ElementFormat.Int4, ElementFormat.Int8, ElementFormat.Uint8, ElementFormat.Int16,
        ElementFormat.Fp8E4M3, ElementFormat.Fp8E5M2, ElementFormat.Fp16, ElementFormat.Bf16,
    ];

    /// <summary>The accumulators each operand kind may use: int32/int16 for integers, fp32/fp16/bf16 for floats.</summary>
    public static IReadOnlyList<ElementFormat> AccumulatorsFor(ElementFormat operands) => operands.Info().IsFloat
        ? [ElementFormat.Fp32, ElementFormat.Fp16, ElementFormat.Bf16]
        : [ElementFormat.Int32, ElementFormat.Int16];

    /// <summary>Bits of one accumulator in the output scratchpad: 32 for int32/fp32, 16 for the narrow ones.</summary>
    public int AccumulatorBits => Accumulator is ElementFormat.Int32 or ElementFormat.Fp32 ? 32 : 16;

    /// <summary>psum + a * w in this datapath's formats, on raw bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Mac(int partialSum, short activation, short weight)
    {
        if (!IsFloat)
            return Accumulation.Add(Accumulator, partialSum, activation * weight);
        float product = Accumulation.Decode(Operands, activation) * Accumulation.Decode(Operands, weight);
        return BitConverter.SingleToInt32Bits(
            Accumulation.Add(Accumulator, BitConverter.Int32BitsToSingle(partialSum), product));
    }

    /// <summary>accumulator + column sum, on raw bits: the add below the array, across K chunks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Add(int accumulator, int columnSum) => IsFloat
        ? BitConverter.SingleToInt32Bits(Accumulation.Add(Accumulator,
            BitConverter.Int32BitsToSingle(accumulator), BitConverter.Int32BitsToSingle(columnSum)))
        : Accumulation.Add(Accumulator, accumulator, columnSum);

    /// <summary>True when the operand bits encode zero (the zero-gating detector).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsZero(short operand) => Accumulation.IsZero(Operands, operand);

    public override string ToString() => $"{Operands.Name()} x {Operands.Name()} -> {Accumulator.Name()}";
}

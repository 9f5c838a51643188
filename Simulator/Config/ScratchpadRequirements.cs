using Sim.Numerics;

namespace Sim.Config;

/// <summary>Minimum capacities, in bytes, of the three scratchpads.</summary>
internal sealed record ScratchpadMinimums(long InputBytes, long WeightBytes, long OutputBytes);

/// <summary>
/// The smallest scratchpads a weight-stationary R x C array can run any tile with, double-buffered so
/// the next tile loads while the current one computes. The loader rejects smaller buffers and the
/// mapper uses the same rule, so a configuration that loads can always be mapped.
/// </summary>
internal static class ScratchpadRequirements
{
    /// <summary>Bits of one operand in memory and in the scratchpads: int4 4 (packed two a byte), 8, 16.</summary>
    public static int OperandBits(ElementFormat format) => format.Info().Bits;

    /// <summary>Bits of one partial sum in the output scratchpad: 32 (int32, fp32) or 16 (int16, fp16, bf16).</summary>
    public static int AccumulatorBits(ElementFormat accumulator) => accumulator.Info().Bits >= 32 ? 32 : 16;

    /// <summary>Bytes that <paramref name="elements"/> values of <paramref name="bits"/> bits occupy, packed: ceil(elements x bits / 8).</summary>
    public static long Bytes(long elements, int bits) => (elements * bits + 7) / 8;

    /// <summary>
    /// Weight buffer: two full R x C weight tiles. Input buffer: two activation vectors of R operands.
    /// Output buffer: two rows of C partial sums. Sizes in bits rounded up to bytes.
    /// </summary>
    public static ScratchpadMinimums Minimum(int rows, int cols, ElementFormat operands, ElementFormat accumulator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        int bits = OperandBits(operands);
        return new ScratchpadMinimums(
            InputBytes: Bytes(2L * rows, bits),
            WeightBytes: Bytes(2L * rows * cols, bits),
            OutputBytes: Bytes(2L * cols, AccumulatorBits(accumulator)));
    }

    /// <summary>As <see cref="Minimum(int, int, ElementFormat, ElementFormat)"/> with the operands' natural accumulator.</summary>
    public static ScratchpadMinimums Minimum(int rows, int cols, ElementFormat operands) =>
        Minimum(rows, cols, operands, operands.Info().Accumulator);

    /// <inheritdoc cref="Minimum(int, int, ElementFormat, ElementFormat)"/>
    public static ScratchpadMinimums Minimum(PeArrayConfig peArray, ElementFormat operands, ElementFormat accumulator) =>
        Minimum(peArray.Rows, peArray.Cols, operands, accumulator);

    /// <summary>As above with the operands' natural accumulator.</summary>
    public static ScratchpadMinimums Minimum(PeArrayConfig peArray, ElementFormat operands) =>
        Minimum(peArray.Rows, peArray.Cols, operands);
}

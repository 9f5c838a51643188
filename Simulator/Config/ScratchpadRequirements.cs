namespace Sim.Config;

/// <summary>Minimum capacities, in bytes, of the three scratchpads.</summary>
public sealed record ScratchpadMinimums(long InputBytes, long WeightBytes, long OutputBytes);

/// <summary>
/// The smallest scratchpads a weight-stationary R x C array can run any tile with, double-buffered so
/// the next tile loads while the current one computes. The loader rejects smaller buffers and the
/// mapper uses the same rule, so a configuration that loads can always be mapped.
/// </summary>
public static class ScratchpadRequirements
{
    /// <summary>Partial sums are int32 for every integer operand format.</summary>
    public const int AccumulatorBytes = 4;

    /// <summary>Bytes of one operand: 1 for int8 and uint8.</summary>
    public static int OperandBytes(NumberFormat format) => format switch
    {
        NumberFormat.Int8 or NumberFormat.Uint8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown number format"),
    };

    /// <summary>
    /// Weight buffer: two full R x C weight tiles. Input buffer: two activation vectors of R operands.
    /// Output buffer: two rows of C int32 partial sums.
    /// </summary>
    public static ScratchpadMinimums Minimum(int rows, int cols, NumberFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        long operand = OperandBytes(format);
        return new ScratchpadMinimums(
            InputBytes: 2L * rows * operand,
            WeightBytes: 2L * rows * cols * operand,
            OutputBytes: 2L * cols * AccumulatorBytes);
    }

    /// <inheritdoc cref="Minimum(int, int, NumberFormat)"/>
    public static ScratchpadMinimums Minimum(PeArrayConfig peArray, NumberFormat format) =>
        Minimum(peArray.Rows, peArray.Cols, format);
}

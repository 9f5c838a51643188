using Sim.Numerics;

namespace Sim.Accelerator;

/// <summary>
/// The output stage at the bottom of the array, turning finished accumulators into the layer's output
/// format.
/// <list type="bullet">
/// <item>Integer layers: ONNX's QLinear rule, y = saturate(round_half_even(acc x multiplier) + zero point),
///   where the multiplier is an fp32 register (x_scale x w_scale / y_scale) and the product is formed
///   exactly (in double: a 32-bit integer times a 24-bit mantissa fits in its 53 bits); saturation to the
///   output format's range (int4, int8, uint8, int16).</item>
/// <item>Float layers: the accumulator's value rounded to the output format, nearest even, saturating
///   (<see cref="FloatMac.ToOutput"/>); no scaling.</item>
/// </list>
/// </summary>
internal static class OutputStage
{
    public static void Requantize(ReadOnlySpan<int> accumulators, Span<sbyte> outputs, float multiplier, int zeroPoint)
    {
        double m = multiplier;
        for (int i = 0; i < accumulators.Length; i++)
        {
            double scaled = Math.Round(accumulators[i] * m, MidpointRounding.ToEven) + zeroPoint;
            outputs[i] = (sbyte)Math.Clamp(scaled, sbyte.MinValue, sbyte.MaxValue);
        }
    }

    /// <summary>Integer accumulators to an integer output format (values in the shorts).</summary>
    public static void Requantize(ReadOnlySpan<int> accumulators, Span<short> outputs, float multiplier, int zeroPoint, ElementFormat output)
    {
        IntegerQuantizer.Range(output, out int min, out int max);
        double m = multiplier;
        for (int i = 0; i < accumulators.Length; i++)
        {
            double scaled = Math.Round(accumulators[i] * m, MidpointRounding.ToEven) + zeroPoint;
            outputs[i] = (short)Math.Clamp(scaled, min, max);
        }
    }

    /// <summary>
    /// Per output channel: a row-major block of <paramref name="columns"/> output channels starting at
    /// <paramref name="firstChannel"/>; y = saturate(round_half_even((acc + bias[c]) x multiplier[c]) + zero point),
    /// the bias added in int32 (wrapping, as ONNX's QLinearConv adds it) before the exact product.
    /// </summary>
    public static void Requantize(ReadOnlySpan<int> accumulators, Span<short> outputs, ChannelRequantization channels,
        int firstChannel, int columns, int zeroPoint, ElementFormat output)
    {
        IntegerQuantizer.Range(output, out int min, out int max);
        for (int i = 0; i < accumulators.Length; i++)
        {
            int c = firstChannel + i % columns;
            double scaled = Math.Round(unchecked(accumulators[i] + channels.Bias[c]) * (double)channels.Multipliers[c], MidpointRounding.ToEven) + zeroPoint;
            outputs[i] = (short)Math.Clamp(scaled, min, max);
        }
    }

    /// <summary>
    /// As <see cref="Requantize(ReadOnlySpan{int}, Span{short}, ChannelRequantization, int, int, int, ElementFormat)"/>
    /// for a block of a GEMM turned round (weights streaming): each of its rows is one output channel,
    /// starting at <paramref name="firstChannel"/>; rows are <paramref name="columns"/> long.
    /// </summary>
    public static void RequantizeRows(ReadOnlySpan<int> accumulators, Span<short> outputs, ChannelRequantization channels,
        int firstChannel, int columns, int zeroPoint, ElementFormat output)
    {
        IntegerQuantizer.Range(output, out int min, out int max);
        for (int i = 0; i < accumulators.Length; i++)
        {
            int c = firstChannel + i / columns;
            double scaled = Math.Round(unchecked(accumulators[i] + channels.Bias[c]) * (double)channels.Multipliers[c], MidpointRounding.ToEven) + zeroPoint;
            outputs[i] = (short)Math.Clamp(scaled, min, max);
        }
    }

    /// <summary>fp32-encoded accumulators (fp32, or fp16/bf16 values held as fp32) to a float output format's bits.</summary>
    public static void Convert(ReadOnlySpan<int> accumulators, Span<short> outputs, ElementFormat output)
    {
        for (int i = 0; i < accumulators.Length; i++)
            outputs[i] = unchecked((short)FloatMac.ToOutput(BitConverter.Int32BitsToSingle(accumulators[i]), output));
    }
}

namespace Sim.Accelerator;

/// <summary>
/// The requantisation unit at the bottom of the array: int32 partial sums to int8 outputs by
/// ONNX's QLinear rule, y = saturate(round_half_even(acc x multiplier) + zero point), where the
/// multiplier is an fp32 register (x_scale x w_scale / y_scale) and the product is formed exactly
/// (in double: a 32-bit integer times a 24-bit mantissa fits in its 53 bits).
/// </summary>
public static class OutputStage
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
}

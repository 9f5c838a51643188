namespace Sim.Accelerator;

/// <summary>
/// The element-wise int8 operations the output stage applies to a finished block on its way out (and the
/// vector unit to a whole tensor): ReLU, Clip, and the saturating sum with a residual of the same scale. Values
/// are int8 held in shorts, as the output stage holds them.
/// </summary>
internal static class Int8Elementwise
{
    public static void Relu(Span<short> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (values[i] < 0) values[i] = 0;
    }

    /// <summary>values[i] = min(max(values[i], min), max).</summary>
    public static void Clip(Span<short> values, int min, int max)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (short)Math.Min(Math.Max(values[i], min), max);
    }

    /// <summary>values[i] = saturate_int8(values[i] + residual[i]).</summary>
    public static void AddSaturating(Span<short> values, ReadOnlySpan<short> residual)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (short)Math.Clamp(values[i] + residual[i], sbyte.MinValue, sbyte.MaxValue);
    }
}

namespace Sim.Golden;

/// <summary>The 8-bit element type of a quantized tensor.</summary>
internal enum QuantizedType
{
    /// <summary>Signed, range [-128, 127].</summary>
    Int8,
    /// <summary>Unsigned, range [0, 255].</summary>
    UInt8,
}

internal static class QuantizedTypeExtensions
{
    public static int MinValue(this QuantizedType t) => t == QuantizedType.Int8 ? sbyte.MinValue : byte.MinValue;

    public static int MaxValue(this QuantizedType t) => t == QuantizedType.Int8 ? sbyte.MaxValue : byte.MaxValue;

    /// <summary>Clamps <paramref name="v"/> to the type's range.</summary>
    public static int Saturate(this QuantizedType t, long v) => (int)Math.Clamp(v, t.MinValue(), t.MaxValue());

    /// <summary>Clamps a rounded real value to the type's range (NaN maps to 0).</summary>
    public static int Saturate(this QuantizedType t, double v) =>
        double.IsNaN(v) ? 0 : (int)Math.Clamp(v, t.MinValue(), t.MaxValue());
}

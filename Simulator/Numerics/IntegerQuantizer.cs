using System.Runtime.CompilerServices;

namespace Sim.Numerics;

/// <summary>
/// Real values to integer formats: round half to even, then saturate to the format's range
/// (int4 [-8, 7], int8 [-128, 127], uint8 [0, 255], int16 [-32768, 32767], int32). NaN gives 0, as in the
/// golden model's QuantizeLinear. Float inputs widen to double exactly, so one rounding in all cases.
/// </summary>
internal static class IntegerQuantizer
{
    /// <summary>Round half to even, then clamp to [<paramref name="min"/>, <paramref name="max"/>]; NaN gives 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Quantize(double x, int min, int max)
    {
        if (double.IsNaN(x)) return 0;
        double r = Math.Round(x, MidpointRounding.ToEven);
        if (r <= min) return min;
        if (r >= max) return max;
        return (int)r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToInt4(double x) => Quantize(x, -8, 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte ToInt8(double x) => (sbyte)Quantize(x, sbyte.MinValue, sbyte.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ToUint8(double x) => (byte)Quantize(x, byte.MinValue, byte.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short ToInt16(double x) => (short)Quantize(x, short.MinValue, short.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToInt32(double x) => Quantize(x, int.MinValue, int.MaxValue);

    /// <summary>Quantizes to any integer format; throws for a float format.</summary>
    public static int Quantize(double x, ElementFormat format)
    {
        Range(format, out int min, out int max);
        return Quantize(x, min, max);
    }

    /// <summary>Clamps an exact integer to an integer format's range; throws for a float format.</summary>
    public static int Saturate(long v, ElementFormat format)
    {
        Range(format, out int min, out int max);
        return (int)Math.Clamp(v, min, max);
    }

    /// <summary>The range of an integer format; throws for a float format.</summary>
    public static void Range(ElementFormat format, out int min, out int max)
    {
        (min, max) = format switch
        {
            ElementFormat.Int4 => (-8, 7),
            ElementFormat.Int8 => ((int)sbyte.MinValue, (int)sbyte.MaxValue),
            ElementFormat.Uint8 => (byte.MinValue, byte.MaxValue),
            ElementFormat.Int16 => (short.MinValue, short.MaxValue),
            ElementFormat.Int32 => (int.MinValue, int.MaxValue),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an integer format"),
        };
    }
}

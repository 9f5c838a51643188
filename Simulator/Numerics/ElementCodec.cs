namespace Sim.Numerics;

/// <summary>
/// Any format's raw bits (in the low <see cref="ElementFormatInfo.Bits"/> of a <see cref="uint"/>; integers
/// in two's complement) to and from a value, chosen by <see cref="ElementFormat"/> at run time. For code
/// that is generic over formats (golden model, reports); inner loops call the per-format classes directly.
/// </summary>
internal static class ElementCodec
{
    /// <summary>
    /// The value of <paramref name="bits"/> as a double (exact for every format). Bits above the format's
    /// width are ignored.
    /// </summary>
    public static double ToDouble(ElementFormat format, uint bits) => format switch
    {
        ElementFormat.Int4 => (int)(bits << 28) >> 28,
        ElementFormat.Int8 => (sbyte)bits,
        ElementFormat.Uint8 => (byte)bits,
        ElementFormat.Int16 => (short)bits,
        ElementFormat.Int32 => (int)bits,
        ElementFormat.Fp8E4M3 => Fp8E4M3.ToDouble((byte)bits),
        ElementFormat.Fp8E5M2 => Fp8E5M2.ToDouble((byte)bits),
        ElementFormat.Fp16 => Fp16.ToFloat((ushort)bits),
        ElementFormat.Bf16 => Bf16.ToFloat((ushort)bits),
        ElementFormat.Fp32 => BitConverter.UInt32BitsToSingle(bits),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The value of <paramref name="bits"/> as a float (exact for every format but int32).</summary>
    public static float ToFloat(ElementFormat format, uint bits) => format switch
    {
        ElementFormat.Fp8E4M3 => Fp8E4M3.ToFloat((byte)bits),
        ElementFormat.Fp8E5M2 => Fp8E5M2.ToFloat((byte)bits),
        ElementFormat.Fp16 => Fp16.ToFloat((ushort)bits),
        ElementFormat.Bf16 => Bf16.ToFloat((ushort)bits),
        ElementFormat.Fp32 => BitConverter.UInt32BitsToSingle(bits),
        _ => (float)ToDouble(format, bits),
    };

    /// <summary>
    /// Encodes <paramref name="x"/>, rounding once to nearest, ties to even. Float formats follow
    /// <paramref name="overflow"/>; integer formats always saturate (NaN gives 0).
    /// </summary>
    public static uint FromDouble(ElementFormat format, double x, OverflowMode overflow) => format switch
    {
        ElementFormat.Int4 => (uint)IntegerQuantizer.ToInt4(x) & 0xF,
        ElementFormat.Int8 => (byte)IntegerQuantizer.ToInt8(x),
        ElementFormat.Uint8 => IntegerQuantizer.ToUint8(x),
        ElementFormat.Int16 => (ushort)IntegerQuantizer.ToInt16(x),
        ElementFormat.Int32 => (uint)IntegerQuantizer.ToInt32(x),
        ElementFormat.Fp8E4M3 => Fp8E4M3.FromDouble(x, overflow),
        ElementFormat.Fp8E5M2 => Fp8E5M2.FromDouble(x, overflow),
        ElementFormat.Fp16 => Fp16.FromDouble(x, overflow),
        ElementFormat.Bf16 => Bf16.FromDouble(x, overflow),
        ElementFormat.Fp32 => BitConverter.SingleToUInt32Bits(Fp32.FromDouble(x, overflow)),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>As <see cref="FromDouble"/> for a float input (the same result: a float widens exactly).</summary>
    public static uint FromFloat(ElementFormat format, float x, OverflowMode overflow) => format switch
    {
        ElementFormat.Fp16 => Fp16.FromFloat(x, overflow),
        ElementFormat.Bf16 => Bf16.FromFloat(x, overflow),
        ElementFormat.Fp32 => BitConverter.SingleToUInt32Bits(Fp32.FromFloat(x, overflow)),
        _ => FromDouble(format, x, overflow),
    };
}

namespace Sim.Numerics;

/// <summary>
/// The fixed facts of one element format. For float formats <see cref="ExponentBits"/>,
/// <see cref="MantissaBits"/> (stored fraction bits, without the implicit bit) and <see cref="Bias"/> describe
/// the encoding; they are 0 for integers. <see cref="MinFinite"/> and <see cref="MaxFinite"/> are the most
/// negative and most positive finite values; <see cref="MinNormal"/> and <see cref="MinSubnormal"/> are the
/// smallest positive normal and subnormal values of a float format (1 for integers).
/// </summary>
internal sealed record ElementFormatInfo(
    ElementFormat Format,
    string Name,
    int Bits,
    bool IsSigned,
    bool IsFloat,
    bool IsAccumulator,
    double MinFinite,
    double MaxFinite,
    int ExponentBits,
    int MantissaBits,
    int Bias,
    bool HasInfinity,
    bool HasNaN,
    double MinNormal,
    double MinSubnormal)
{
    /// <summary>The accumulator this operand format multiplies into: int32 for integers, fp32 for floats.</summary>
    public ElementFormat Accumulator => IsFloat ? ElementFormat.Fp32 : ElementFormat.Int32;

    /// <summary>Bytes one element occupies in memory (int4: 0.5).</summary>
    public double Bytes => Bits / 8.0;

    public override string ToString() => Name;
}

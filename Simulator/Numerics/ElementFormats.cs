using System.Diagnostics.CodeAnalysis;

namespace Sim.Numerics;

/// <summary>The static table of <see cref="ElementFormatInfo"/>, and names as written in YAML.</summary>
internal static class ElementFormats
{
    /// <summary>
    /// The overflow rule the simulator uses when it writes a narrow float (fp8, fp16, bf16) result:
    /// saturate, the usual hardware choice (see <see cref="OverflowMode"/>).
    /// </summary>
    public const OverflowMode DefaultOverflow = OverflowMode.Saturate;

    private static readonly ElementFormatInfo[] Table =
    [
        Int(ElementFormat.Int4, "int4", 4, -8, 7, false),
        Int(ElementFormat.Int8, "int8", 8, sbyte.MinValue, sbyte.MaxValue, false),
        Int(ElementFormat.Uint8, "uint8", 8, byte.MinValue, byte.MaxValue, false),
        Int(ElementFormat.Int16, "int16", 16, short.MinValue, short.MaxValue, false),
        Int(ElementFormat.Int32, "int32", 32, int.MinValue, int.MaxValue, true),
        // OFP8 rev 1.0, Table 1 and 2: E4M3 max S.1111.110 = 448, min normal 2^-6, min subnormal 2^-9.
        Float(ElementFormat.Fp8E4M3, "fp8_e4m3", 8, 4, 3, 7, 448.0, false, false),
        // OFP8 rev 1.0, Table 1 and 2: E5M2 max S.11110.11 = 57344, min normal 2^-14, min subnormal 2^-16.
        Float(ElementFormat.Fp8E5M2, "fp8_e5m2", 8, 5, 2, 15, 57344.0, true, false),
        Float(ElementFormat.Fp16, "fp16", 16, 5, 10, 15, 65504.0, true, false),
        Float(ElementFormat.Bf16, "bf16", 16, 8, 7, 127, 3.3895313892515355e38, true, false),
        Float(ElementFormat.Fp32, "fp32", 32, 8, 23, 127, float.MaxValue, true, true),
    ];

    /// <summary>Every format, in enum order.</summary>
    public static IReadOnlyList<ElementFormatInfo> All => Table;

    /// <summary>The facts of <paramref name="format"/>.</summary>
    public static ElementFormatInfo Info(this ElementFormat format) => Table[(int)format];

    /// <summary>The YAML name: int4, int8, uint8, int16, int32, fp8_e4m3, fp8_e5m2, fp16, bf16, fp32.</summary>
    public static string Name(this ElementFormat format) => Table[(int)format].Name;

    /// <summary>Looks a format up by its YAML name (exact, lower case).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ElementFormatInfo? info)
    {
        foreach (var i in Table)
            if (i.Name == name) { info = i; return true; }
        info = null;
        return false;
    }

    private static ElementFormatInfo Int(ElementFormat f, string name, int bits, long min, long max, bool accumulator) =>
        new(f, name, bits, min < 0, false, accumulator, min, max, 0, 0, 0, false, false, 1, 1);

    private static ElementFormatInfo Float(ElementFormat f, string name, int bits, int exponentBits, int mantissaBits,
        int bias, double max, bool hasInfinity, bool accumulator) =>
        new(f, name, bits, true, true, accumulator, -max, max, exponentBits, mantissaBits, bias, hasInfinity, true,
            Math.ScaleB(1.0, 1 - bias), Math.ScaleB(1.0, 1 - bias - mantissaBits));
}

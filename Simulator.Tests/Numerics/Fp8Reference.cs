namespace Sim.Tests.Numerics;

/// <summary>
/// An independent model of the two OCP 8-bit float formats, written from the OCP 8-bit Floating Point
/// Specification (OFP8) rev 1.0, 2023-12-01, Tables 1 and 2, and sharing no code with Sim.Numerics:
/// values by the spec's formula with Math.Pow, encoding by brute-force search for the nearest value.
/// </summary>
public sealed class Fp8Reference
{
    public readonly string Name;
    public readonly int ExponentBits, MantissaBits, Bias;
    public readonly bool IeeeSpecials;          // E5M2: S.11111.00 = Inf, S.11111.{01,10,11} = NaN
    public readonly double[] Values = new double[256];
    public readonly int MaxFiniteCode;           // positive

    public static readonly Fp8Reference E4M3 = new("E4M3", 4, 3, 7, false);
    public static readonly Fp8Reference E5M2 = new("E5M2", 5, 2, 15, true);

    private Fp8Reference(string name, int exponentBits, int mantissaBits, int bias, bool ieeeSpecials)
    {
        Name = name; ExponentBits = exponentBits; MantissaBits = mantissaBits; Bias = bias; IeeeSpecials = ieeeSpecials;
        for (int b = 0; b < 256; b++) Values[b] = SpecValue(b);
        MaxFiniteCode = 0;
        for (int c = 0; c < 128; c++) if (double.IsFinite(Values[c])) MaxFiniteCode = c;
    }

    /// <summary>(-1)^s * 2^(e-bias) * (1 + m/2^M); subnormal (-1)^s * 2^(1-bias) * m/2^M; specials per format.</summary>
    private double SpecValue(int bits)
    {
        int s = bits >> 7;
        int e = (bits >> MantissaBits) & ((1 << ExponentBits) - 1);
        int m = bits & ((1 << MantissaBits) - 1);
        int eMaxField = (1 << ExponentBits) - 1;
        double sign = s == 1 ? -1.0 : 1.0;
        if (IeeeSpecials && e == eMaxField) return m == 0 ? sign * double.PositiveInfinity : double.NaN;
        if (!IeeeSpecials && e == eMaxField && m == (1 << MantissaBits) - 1) return double.NaN;   // E4M3: S.1111.111
        double frac = m / Math.Pow(2, MantissaBits);
        return e == 0 ? sign * Math.Pow(2, 1 - Bias) * frac : sign * Math.Pow(2, e - Bias) * (1 + frac);
    }

    public bool IsNaNCode(int code) => double.IsNaN(Values[code & 0xFF]);

    /// <summary>
    /// Nearest value by exhaustive search over the positive finite values plus one virtual value above the
    /// maximum (max + the top binade's spacing, with code MaxFiniteCode + 1 for the even/odd test: odd for
    /// E4M3, where it would be S.1111.111; even for E5M2, where it is S.11111.00), ties to the even code.
    /// Landing on the virtual value is an overflow. Returns -1 for NaN input (any NaN code is acceptable).
    /// </summary>
    public int Encode(double x, bool saturate)
    {
        if (double.IsNaN(x)) return -1;
        int sign = x < 0 || (x == 0 && double.IsNegative(x)) ? 0x80 : 0;
        double a = Math.Abs(x);
        int overflowCode = IeeeSpecials ? MaxFiniteCode + 1 : 0x7F;     // Inf, or E4M3's NaN
        if (double.IsInfinity(a)) return sign | (saturate ? MaxFiniteCode : overflowCode);
        double spacing = Values[MaxFiniteCode] - Values[MaxFiniteCode - 1];
        int best = 0;
        double bestDist = double.PositiveInfinity;
        for (int c = 0; c <= MaxFiniteCode + 1; c++)
        {
            double v = c <= MaxFiniteCode ? Values[c] : Values[MaxFiniteCode] + spacing;
            double d = Math.Abs(a - v);
            if (d < bestDist || (d == bestDist && (c & 1) == 0)) { best = c; bestDist = d; }
        }
        if (best > MaxFiniteCode) return sign | (saturate ? MaxFiniteCode : overflowCode);
        return sign | best;
    }
}

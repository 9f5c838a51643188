using Sim.Accelerator;
using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// Checks of float node outputs. Bit-exact where the hardware's arithmetic is the golden model's
/// (PE-array float formats in the array's accumulation order, fp32 adds, copies); otherwise within the
/// format's error: each element within its bound of the golden value. Every check also gives the
/// node's largest absolute error against a reference, and that error in units in the last place of
/// the output format.
/// </summary>
internal static class FloatCheck
{
    /// <summary>fp32's unit roundoff, 2^-24: the absolute terms of the vector unit's error bounds are multiples of it; u |y| is below 1 ulp of y.</summary>
    public const double Unit = 5.9604644775390625e-8;

    /// <summary>Bit for bit; errors against <paramref name="reference"/> (null: none).</summary>
    public static LayerCheck Exact(string name, Tensor<float> expected, Tensor<float> actual, Tensor<float>? reference, ElementFormat format) =>
        Exact(name, expected, actual, () => reference is null ? (0.0, 0.0) : Errors(actual, i => reference.Data[i], reference.Length, format));

    /// <summary>Bit for bit; errors against a float64 <paramref name="reference"/> in units of fp32.</summary>
    public static LayerCheck Exact(string name, Tensor<float> expected, Tensor<float> actual, Tensor<double> reference) =>
        Exact(name, expected, actual, () => Errors(actual, i => reference.Data[i], reference.Length, ElementFormat.Fp32));

    private static LayerCheck Exact(string name, Tensor<float> expected, Tensor<float> actual, Func<(double Abs, double Ulp)> errors)
    {
        var asBits = (Tensor<float> t) => new Tensor<int>(t.Shape, Array.ConvertAll(t.Data, BitConverter.SingleToInt32Bits));
        string? mismatch = OutputCheck.Compare(name, asBits(expected), asBits(actual));
        if (mismatch != null)
        {
            int i = expected.FirstDifference(actual) is var d and >= 0 ? d : 0;
            mismatch = $"layer '{name}': output differs from the golden model first at {expected.IndexText(i)}: expected {expected.Data[i]:R}, got {actual.Data[i]:R}";
        }
        var (abs, ulp) = errors();
        return new LayerCheck(mismatch, abs, ulp);
    }

    /// <summary>
    /// Each element within its <paramref name="tolerance"/> of the golden value (in fp32's ulps plus absolute terms);
    /// the errors are against the golden value. A mismatch gives the error and the allowance in ulps.
    /// </summary>
    public static LayerCheck Within(string name, Tensor<float> expected, Tensor<float> actual, Func<int, FloatTolerance> tolerance)
    {
        if (!expected.Shape.AsSpan().SequenceEqual(actual.Shape))
            return new LayerCheck($"layer '{name}': output shape {actual.ShapeText} differs from the golden model's {expected.ShapeText}", 0, 0);
        string? mismatch = null;
        for (int i = 0; i < expected.Length && mismatch == null; i++)
        {
            double e = expected.Data[i], a = actual.Data[i];
            var t = tolerance(i);
            double allowed = t.Allowed(e, ElementFormat.Fp32), ulp = Ulp(e, ElementFormat.Fp32);
            if (!e.Equals(a) && !(Math.Abs(e - a) <= allowed))
                mismatch = $"layer '{name}': output differs from the golden model beyond fp32 error first at {expected.IndexText(i)}: " +
                           $"expected {expected.Data[i]:R}, got {actual.Data[i]:R}, off by {Math.Abs(e - a) / ulp:G3} ulp; allowed {allowed / ulp:G3} ulp " +
                           $"({t.Ulps:G3} ulp + {t.Absolute:G3})";
        }
        var (abs, ulps) = Errors(actual, expected, ElementFormat.Fp32);
        return new LayerCheck(mismatch, abs, ulps);
    }

    /// <summary>|t| element by element: the error bound of a float sum scales with the sum of its terms' magnitudes.</summary>
    public static Tensor<float> Magnitudes(Tensor<float> t) => new(t.Shape, Array.ConvertAll(t.Data, MathF.Abs));

    /// <summary>
    /// The spacing of <paramref name="format"/> at |<paramref name="value"/>|: 2^(exponent - mantissa bits), the exponent
    /// no lower than the smallest normal's (subnormals are spaced as the smallest normals).
    /// </summary>
    public static double Ulp(double value, ElementFormat format)
    {
        var info = format.Info();
        double magnitude = Math.Abs(value);
        int exponent = magnitude == 0 ? int.MinValue : Math.ILogB(magnitude);
        return Math.ScaleB(1.0, Math.Max(exponent, 1 - info.Bias) - info.MantissaBits);
    }

    public static (double Abs, double Ulp) Errors(Tensor<float> got, Tensor<float> reference, ElementFormat format) =>
        Errors(got, i => reference.Data[i], reference.Length, format);

    /// <summary>
    /// The largest |got - reference| and that error in units in the last place of <paramref name="format"/> at the reference;
    /// NaNs, and infinities the output shares with the reference, are no error.
    /// </summary>
    private static (double Abs, double Ulp) Errors(Tensor<float> got, Func<int, double> reference, int length, ElementFormat format)
    {
        double maxAbs = 0, maxUlp = 0;
        for (int i = 0; i < got.Length && i < length; i++)
        {
            double error = Math.Abs((double)got.Data[i] - reference(i));
            if (double.IsNaN(error)) continue;
            maxAbs = Math.Max(maxAbs, error);
            maxUlp = Math.Max(maxUlp, error / Ulp(reference(i), format));
        }
        return (maxAbs, maxUlp);
    }
}

using Sim.Config;
using Sim.Numerics;
using Sim.Sfu;
using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// The special-function unit's result, written apart from <see cref="Sim.Sfu"/>'s kernels and sharing none of their code,
    /// from the same specification: the table of <paramref name="function"/> for <paramref name="sfu"/> (each entry the
    /// float64 value rounded once to the table format), the argument's reduction, the table read (nearest, or linear with an
    /// fp32 FMA), the reconstruction. The SFU's output must equal it bit for bit.
    /// </summary>
    public static Tensor<float> SpecialFunction(SfuFunction function, bool geluTanhForm, SfuConfig sfu, Tensor<float> x)
    {
        var table = SfuTable(function, geluTanhForm, sfu);
        bool linear = sfu.Interpolation == SfuInterpolation.Linear;
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = SpecialFunctionAt(function, x.Data[i], table, linear);
        return new Tensor<float>(x.Shape, y);
    }

    /// <summary>The float64 value of <paramref name="function"/> at each element: the reference the SFU's error is measured against.</summary>
    public static Tensor<double> SpecialFunctionDouble(SfuFunction function, bool geluTanhForm, Tensor<float> x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            double v = x.Data[i];
            y[i] = function switch
            {
                SfuFunction.Exp => Math.Exp(v),
                SfuFunction.Sigmoid => 1 / (1 + Math.Exp(-v)),
                SfuFunction.Tanh => Math.Tanh(v),
                SfuFunction.Gelu => v * GeluCdf(v, geluTanhForm),
                SfuFunction.Reciprocal => 1 / v,
                SfuFunction.Erf => MathNet.Numerics.SpecialFunctions.Erf(v),
                _ => 1 / Math.Sqrt(v),
            };
        }
        return new Tensor<double>(x.Shape, y);
    }

    /// <summary>
    /// The table: <c>lut_entries</c> values in one or two halves (rsqrt: even and odd exponents), half k's entry j the
    /// function at u = j / (entries per half - 1) of its range: exp 2^u; sigmoid at 16u; tanh at 8u; GELU's Phi at 8u;
    /// reciprocal 1/(1 + u); rsqrt 1/sqrt((1 + u)(k + 1)); erf at 4u.
    /// </summary>
    public static float[] SfuTable(SfuFunction function, bool geluTanhForm, SfuConfig sfu)
    {
        int halves = function == SfuFunction.Rsqrt ? 2 : 1;
        int n = sfu.LutEntries / halves;
        var table = new float[sfu.LutEntries];
        for (int k = 0; k < halves; k++)
            for (int j = 0; j < n; j++)
            {
                double u = (double)j / (n - 1);
                double value = function switch
                {
                    SfuFunction.Exp => Math.Pow(2, u),
                    SfuFunction.Sigmoid => 1 / (1 + Math.Exp(-16 * u)),
                    SfuFunction.Tanh => Math.Tanh(8 * u),
                    SfuFunction.Gelu => GeluCdf(8 * u, geluTanhForm),
                    SfuFunction.Reciprocal => 1 / (1 + u),
                    SfuFunction.Erf => MathNet.Numerics.SpecialFunctions.Erf(4 * u),
                    _ => 1 / Math.Sqrt((1 + u) * (k + 1)),
                };
                table[k * n + j] = ElementCodec.ToFloat(sfu.TableFormat, ElementCodec.FromDouble(sfu.TableFormat, value, ElementFormats.DefaultOverflow));
            }
        return table;
    }

    private static double GeluCdf(double x, bool tanhForm) =>
        tanhForm ? (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))) / 2 : NormalCdf.Phi(x);

    private static float SpecialFunctionAt(SfuFunction function, float x, float[] table, bool linear)
    {
        if (float.IsNaN(x)) return x;
        switch (function)
        {
            case SfuFunction.Exp:
            {
                float t = x * 1.44269504f;
                if (t > 160f) t = 160f;
                if (t < -160f) t = -160f;
                float n = MathF.Floor(t);
                return MathF.ScaleB(ReadTable(table, 0, table.Length, t - n, linear), (int)n);
            }
            case SfuFunction.Sigmoid:
            case SfuFunction.Tanh:
            case SfuFunction.Gelu:
            case SfuFunction.Erf:
            {
                float range = function switch { SfuFunction.Sigmoid => 16f, SfuFunction.Erf => 4f, _ => 8f };
                float a = Math.Abs(x);
                float h = a >= range ? 1f : ReadTable(table, 0, table.Length, a / range, linear);
                if (function is SfuFunction.Tanh or SfuFunction.Erf) return x < 0 ? -h : x > 0 ? h : x;
                float s = x < 0 ? 1f - h : h;
                return function == SfuFunction.Sigmoid ? s : x * s;
            }
            case SfuFunction.Reciprocal:
            {
                if (x == 0) return float.IsNegative(x) ? float.NegativeInfinity : float.PositiveInfinity;
                if (float.IsInfinity(x)) return float.IsNegative(x) ? -0f : 0f;
                var (m, e) = MantissaExponent(Math.Abs(x));
                float r = MathF.ScaleB(ReadTable(table, 0, table.Length, m - 1f, linear), -e);
                return x < 0 ? -r : r;
            }
            default:
            {
                if (x == 0) return float.IsNegative(x) ? float.NegativeInfinity : float.PositiveInfinity;
                if (x < 0) return float.NaN;
                if (float.IsPositiveInfinity(x)) return 0f;
                var (m, e) = MantissaExponent(x);
                int half = e & 1, n = table.Length / 2;
                return MathF.ScaleB(ReadTable(table, half * n, n, m - 1f, linear), -(e - half) / 2);
            }
        }
    }

    /// <summary>Positive finite x as m 2^e, m in [1, 2), from its bits (a subnormal is scaled up by 2^32 first).</summary>
    private static (float M, int E) MantissaExponent(float x)
    {
        int shift = 0;
        if (x < 1.17549435e-38f) { x *= 4294967296f; shift = 32; }
        uint bits = BitConverter.SingleToUInt32Bits(x);
        int e = (int)(bits >> 23) - 127 - shift;
        return (BitConverter.UInt32BitsToSingle((bits & 0x007FFFFFu) | 0x3F800000u), e);
    }

    /// <summary>Position p = u (n - 1), i its integer part (at most n - 2), f = p - i; entry i or i + 1 by f &gt;= 1/2, or e_i + f (e_i+1 - e_i) fused.</summary>
    private static float ReadTable(float[] table, int start, int n, float u, bool linear)
    {
        float p = u * (n - 1);
        int i = (int)p;
        if (i > n - 2) i = n - 2;
        float f = p - i;
        if (!linear) return f >= 0.5f ? table[start + i + 1] : table[start + i];
        return MathF.FusedMultiplyAdd(f, table[start + i + 1] - table[start + i], table[start + i]);
    }
}

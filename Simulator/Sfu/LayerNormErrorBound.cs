using Sim.Config;
using Sim.Tensors;

namespace Sim.Sfu;

/// <summary>
/// The stated error bound of LayerNormalization on the SFU (<see cref="SfuLayerNorm"/>) against the float64 result
/// Y_k = (x_k - mu) s_k / sqrt(V) + b_k of a row of n elements, V = sigma^2 + epsilon. To first order each step's error adds:
///   mean:      fp32 sum in order within (n - 1) u sum|x| of the exact one, the divide u |mu|: |m - mu| &lt;= dm;
///   variance:  sum (x - m)^2 = n sigma^2 + n (m - mu)^2 exactly, and each difference (u, twice in the square), square (u),
///              the sum ((n - 1) u), the divide (u) and the epsilon add (u) are relative on positive terms:
///              |v - V| &lt;= dV = (n + 4) u V + dm^2;
///   rsqrt:     the kernel's relative bound R (<see cref="SfuErrorBound"/>) plus dV / 2V from its argument;
///   output:    x - m within dm + u |x - mu|, then the two multiplies u each, the bias add u |Y|. So, z_k = (x_k - mu) / sqrt(V),
///   |y_k - Y_k| &lt;= |s_k| (dm / sqrt(V) + |z_k| (3u + R + dV / 2V)) + u |Y_k|,
/// taken 1% wider for the second-order terms, plus fp32's subnormal spacing.
/// </summary>
internal sealed class LayerNormErrorBound(SfuConfig config)
{
    private const double Unit = 5.9604644775390625e-8, Subnormal = 1.401298464324817e-45;

    private readonly SfuErrorBound _rsqrt = new(SpecialFunctionUnit.Kernel(SfuFunction.Rsqrt), config);

    /// <summary>The allowed |y - float64 LayerNormalization| of every element of <paramref name="x"/> (rows of scale's length).</summary>
    public double[] Allowed(Tensor<float> x, Tensor<float> scale, Tensor<float>? bias, float epsilon)
    {
        int n = scale.Length, rows = x.Length / Math.Max(1, n);
        var allowed = new double[x.Length];
        for (int row = 0; row < rows; row++)
        {
            var xs = x.Data.AsSpan(row * n, n);
            double mu = 0, magnitude = 0, sigma2 = 0;
            foreach (float v in xs) { mu += v; magnitude += Math.Abs(v); }
            mu /= n;
            foreach (float v in xs) sigma2 += (v - mu) * (v - mu);
            double V = sigma2 / n + epsilon, root = Math.Sqrt(V);
            double dm = (n - 1) * Unit * magnitude / n + Unit * Math.Abs(mu);
            double dV = (n + 4) * Unit * V + dm * dm;
            double relative = 3 * Unit + _rsqrt.Allowed(V, 1 / root) * root + dV / (2 * V);
            for (int k = 0; k < n; k++)
            {
                double z = (xs[k] - mu) / root, y = z * scale.Data[k] + (bias?.Data[k] ?? 0);
                allowed[row * n + k] = 1.01 * (Math.Abs(scale.Data[k]) * (dm / root + Math.Abs(z) * relative) + Unit * Math.Abs(y)) + Subnormal;
            }
        }
        return allowed;
    }
}

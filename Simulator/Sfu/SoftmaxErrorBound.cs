using Sim.Config;
using Sim.Tensors;

namespace Sim.Sfu;

/// <summary>
/// The stated error bound of Softmax on the SFU (<see cref="SfuSoftmax"/>) against the float64 softmax y_k of a row x.
/// To first order each step's error adds: with d_k = fl(x_k - max) (|d_k - (x_k - max)| &lt;= |d_k| u) and E_k the exp
/// kernel's bound at d_k (<see cref="SfuErrorBound"/>), e_k is within a_k = E_k + exp(d_k) |d_k| u of exp(x_k - max);
/// the fp32 sum of n positive terms in order is within (n - 1) u relative of their exact sum, which is within
/// sum(a) / sum(exp) of the true one; the reciprocal adds its kernel's relative bound R, the final multiply u. So
///   |y_k - Y_k| &lt;= a_k / S + y_k ((n - 1) u + sum(a) / S + R + u),  S = sum of exp(x_j - max),
/// taken 1% wider for the second-order terms, plus fp32's subnormal spacing for outputs that underflow.
/// </summary>
internal sealed class SoftmaxErrorBound(SfuConfig config)
{
    private const double Unit = 5.9604644775390625e-8, Subnormal = 1.401298464324817e-45;

    private readonly SfuErrorBound _exp = new(SpecialFunctionUnit.Kernel(SfuFunction.Exp), config);
    private readonly SfuErrorBound _reciprocal = new(SpecialFunctionUnit.Kernel(SfuFunction.Reciprocal), config);

    /// <summary>The allowed |y - float64 softmax| of every element of <paramref name="x"/>'s softmax along <paramref name="axis"/>.</summary>
    public double[] Allowed(Tensor<float> x, int axis)
    {
        int n = x.Shape[axis], inner = x.Shape[(axis + 1)..].Aggregate(1, (p, q) => p * q), outer = x.Length / Math.Max(1, n * inner);
        var allowed = new double[x.Length];
        var a = new double[n];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int at(int k) => (o * n + k) * inner + i;
                float max = float.NegativeInfinity;
                for (int k = 0; k < n; k++) max = MathF.Max(max, x.Data[at(k)]);
                double exact = 0, errors = 0;
                for (int k = 0; k < n; k++)
                {
                    float d = x.Data[at(k)] - max;
                    a[k] = _exp.Allowed(d, Math.Exp(d)) + Math.Exp(d) * Math.Abs(d) * Unit;
                    exact += Math.Exp((double)x.Data[at(k)] - max);
                    errors += a[k];
                }
                double relative = (n - 1) * Unit + errors / exact + _reciprocal.Allowed(exact, 1 / exact) * exact + Unit;
                for (int k = 0; k < n; k++)
                {
                    double y = Math.Exp((double)x.Data[at(k)] - max) / exact;
                    allowed[at(k)] = 1.01 * (a[k] / exact + y * relative) + Subnormal;
                }
            }
        return allowed;
    }
}

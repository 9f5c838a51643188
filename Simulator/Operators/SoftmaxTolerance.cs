using Sim.Accelerator;
using Sim.Tensors;

namespace Sim.Operators;

/// <summary>
/// The error bound of the vector unit's fp32 Softmax (<see cref="VectorKernels.Softmax"/>) against the float64 golden
/// value, element k of a row of n, with d_k = x_k - max and p_k the exact softmax (u = 2^-24):
/// <list type="bullet">
/// <item>x_k - max is rounded once, to d_k (1 + δ), |δ| ≤ u; the exponential turns that into a relative error of
///   |d_k| u (exp(d_k δ) ≈ 1 + d_k δ): a wide spread of logits amplifies it.</item>
/// <item>The fp32 exponential is within 1 ulp, 2u relative: e_k = exp(d_k) (1 + ε_k), |ε_k| ≤ (|d_k| + 2) u.</item>
/// <item>The sum of the n positive e_k: its errors weigh by p_j, and its n - 1 roundings are each within u of the
///   total: S (1 + σ), |σ| ≤ Σ_j p_j |d_j| u + (n + 1) u.</item>
/// <item>The divide rounds once: u.</item>
/// </list>
/// So y_k = p_k (1 + ρ), |ρ| ≤ (|d_k| + Σ_j p_j |d_j| + n + 4) u to first order; the golden value is p_k rounded (u
/// more), and u |y| is below 1 ulp of y: (|d_k| + Σ_j p_j |d_j| + n + 5) ulp. One ulp more covers the second-order
/// terms and outputs in fp32's subnormal range (an exponential that underflows is off by at most 2^-150 absolute,
/// and the sum it is divided by is at least 1).
/// </summary>
internal static class SoftmaxTolerance
{
    /// <summary>The tolerance of each element of the softmax of <paramref name="x"/> along <paramref name="axis"/>, <paramref name="p"/> its float64 value.</summary>
    public static Func<int, FloatTolerance> Of(Tensor<float> x, int axis, Tensor<double> p)
    {
        int n = x.Shape[axis], inner = x.Shape[(axis + 1)..].Aggregate(1, (q, d) => q * d), outer = x.Length / Math.Max(1, n * inner);
        var ulps = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int at(int k) => (o * n + k) * inner + i;
                double max = double.NegativeInfinity, spread = 0;
                for (int k = 0; k < n; k++) max = Math.Max(max, x.Data[at(k)]);
                // A masked logit (-infinity) has p = 0 and adds nothing, not 0 x infinity.
                for (int k = 0; k < n; k++) if (p.Data[at(k)] > 0) spread += p.Data[at(k)] * Math.Abs(x.Data[at(k)] - max);
                for (int k = 0; k < n; k++) ulps[at(k)] = Math.Abs(x.Data[at(k)] - max) + spread + n + 6;
            }
        return i => FloatTolerance.InUlps(ulps[i]);
    }
}

using Sim.Numerics;
using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// Float 2-D convolution as an accelerator accumulates it: products of the (exactly decoded) operands in
    /// fp32, added in the order <paramref name="order"/> prescribes (K index = (input channel of the group,
    /// kernel row, kernel column), chunks of <see cref="AccumulationOrder.ChunkSize"/>), every add rounded to
    /// <paramref name="accumulator"/> (<see cref="Accumulation.Add(ElementFormat, float, float)"/>). Padding
    /// positions are zero activations: their ±0 products change no sum, so they are left out. No bias.
    /// Returns the accumulators [N, M, oH, oW] (values of the accumulator format).
    /// </summary>
    public static Tensor<float> ConvAccumulate(Tensor<float> x, Tensor<float> w, ConvAttributes a,
        ElementFormat accumulator, AccumulationOrder order)
    {
        var (n, _, h, wd, m, cg, kh, kw, oh, ow) = ConvShapes(x.Shape, w.Shape, a);
        var y = new Tensor<float>(n, m, oh, ow);
        int mPerGroup = m / a.Groups, chunk = order.ChunkSize, k = cg * kh * kw;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mPerGroup;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float acc = 0, column = 0;
                        for (int t = 0; t < k; t++)
                        {
                            int ic = t / (kh * kw), ky = t / kw % kh, kx = t % kw;
                            int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                            int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                column = Accumulation.Add(accumulator, column, x[b, g * cg + ic, iy, ix] * w[oc, ic, ky, kx]);
                            if ((t + 1) % chunk == 0 || t == k - 1)
                            {
                                acc = Accumulation.Add(accumulator, acc, column);
                                column = 0;
                            }
                        }
                        y[b, oc, oy, ox] = acc;
                    }
            }
        return y;
    }

    /// <summary>
    /// Float matrix product A[M,K] x B[K,N] accumulated as <see cref="ConvAccumulate"/> does: fp32 products,
    /// column sums of <see cref="AccumulationOrder.ChunkSize"/> terms in K order, then across chunks.
    /// </summary>
    public static Tensor<float> MatMulAccumulate(Tensor<float> a, Tensor<float> b, ElementFormat accumulator, AccumulationOrder order)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        if (b.Shape[0] != k) throw new ArgumentException($"A is {m}x{k} but B has {b.Shape[0]} rows");
        var y = new Tensor<float>(m, n);
        int chunk = order.ChunkSize;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0, column = 0;
                for (int t = 0; t < k; t++)
                {
                    column = Accumulation.Add(accumulator, column, a.Data[i * k + t] * b.Data[t * n + j]);
                    if ((t + 1) % chunk == 0 || t == k - 1)
                    {
                        acc = Accumulation.Add(accumulator, acc, column);
                        column = 0;
                    }
                }
                y.Data[i * n + j] = acc;
            }
        return y;
    }

    /// <summary>
    /// The float64 reference of a convolution: exact products (every operand format's values and their
    /// products are exact in double), summed in double in K order, never rounded to a narrower format.
    /// Padding contributes nothing. Returns [N, M, oH, oW].
    /// </summary>
    public static Tensor<double> ConvDouble(Tensor<double> x, Tensor<double> w, ConvAttributes a)
    {
        var (n, c, h, wd, m, cg, kh, kw, oh, ow) = ConvShapes(x.Shape, w.Shape, a);
        var y = new Tensor<double>(n, m, oh, ow);
        int mPerGroup = m / a.Groups;
        var xd = x.Data;
        var wdata = w.Data;
        int o = 0;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mPerGroup;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++, o++)
                    {
                        double sum = 0;
                        for (int ic = 0; ic < cg; ic++)
                        {
                            int plane = (b * c + g * cg + ic) * h, filter = (oc * cg + ic) * kh;
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                                if (iy < 0 || iy >= h) continue;
                                int xRow = (plane + iy) * wd, wRow = (filter + ky) * kw;
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                                    if (ix < 0 || ix >= wd) continue;
                                    sum += xd[xRow + ix] * wdata[wRow + kx];
                                }
                            }
                        }
                        y.Data[o] = sum;
                    }
            }
        return y;
    }

    /// <summary>The float64 reference of A[M,K] x B[K,N]: exact products, double sums in K order.</summary>
    public static Tensor<double> MatMulDouble(Tensor<double> a, Tensor<double> b)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var y = new Tensor<double>(m, n);
        for (int i = 0; i < m; i++)
            for (int t = 0; t < k; t++)
            {
                double v = a.Data[i * k + t];
                if (v == 0) continue;
                for (int j = 0; j < n; j++)
                    y.Data[i * n + j] += v * b.Data[t * n + j];
            }
        return y;
    }
}

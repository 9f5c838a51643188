using Sim.Golden;
using Sim.Tensors;

namespace Sim.Tests.Oracle;

/// <summary>
/// ONNX Runtime's uint8 x int8 GEMM on x86 without VNNI (MLAS's vpmaddubsw kernels): the raw operands,
/// zero points not yet taken off, are multiplied in adjacent pairs along K, (0,1), (2,3), ..., and each
/// pair's sum saturates to int16 before the int32 accumulation; the zero-point terms are exact, from row
/// and column sums. Where ORT runs a case on that GEMM (<see cref="MatMulCase.OnMlasU8S8Gemm"/> and
/// the like), this reproduces ORT's output bit for bit, showing why it differs from the golden model.
/// </summary>
internal static class PairSaturatingModel
{
    /// <summary>Sum over k of (a[k] - aZeroPoint) * (b[k] - bZeroPoint), one operand uint8, the other int8.</summary>
    public static int Dot(ReadOnlySpan<int> a, int aZeroPoint, ReadOnlySpan<int> b, int bZeroPoint)
    {
        int products = 0, aSum = 0, bSum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            aSum += a[k];
            bSum += b[k];
            if (k % 2 == 1) continue;
            // MLAS pads K with zeros, so an odd K's last pair holds one product.
            int pair = a[k] * b[k] + (k + 1 < a.Length ? a[k + 1] * b[k + 1] : 0);
            products = unchecked(products + Math.Clamp(pair, short.MinValue, short.MaxValue));
        }
        return unchecked(products - bZeroPoint * aSum - aZeroPoint * bSum + a.Length * aZeroPoint * bZeroPoint);
    }

    public static Tensor<int> MatMulInteger(MatMulCase c)
    {
        int batch = c.OutputShape.Length == 3 ? c.OutputShape[0] : 1;
        var y = new Tensor<int>(c.OutputShape);
        var column = new int[c.K];
        for (int bi = 0; bi < batch; bi++)
        {
            int aOffset = c.AShape.Length == 3 ? bi * c.M * c.K : 0, bOffset = c.BShape.Length == 3 ? bi * c.K * c.N : 0;
            for (int j = 0; j < c.N; j++)
            {
                for (int k = 0; k < c.K; k++) column[k] = c.B[bOffset + k * c.N + j];
                for (int i = 0; i < c.M; i++)
                    y.Data[(bi * c.M + i) * c.N + j] = Dot(c.A.AsSpan(aOffset + i * c.K, c.K), c.AZeroPoint, column, c.BZeroPoint);
            }
        }
        return y;
    }

    public static Tensor<int> QLinearMatMul(MatMulCase c) =>
        Ops.Requantize(MatMulInteger(c), c.AScale, [c.BScale], c.YScale, c.YZeroPoint, c.YType);

    /// <summary>ORT's ConvInteger orders K as w's rows lie, channels first: (channel, kernel row, kernel column).</summary>
    public static Tensor<int> ConvInteger(ConvIntegerCase c) => Conv(c.G, c.X, c.XZeroPoint, c.W, c.WZeroPoints, channelsLast: false);

    /// <summary>
    /// ORT's QLinearConv transposes x to channels last and reorders w to match, so K runs (kernel row,
    /// kernel column, channel) and the pairs are not ConvInteger's.
    /// </summary>
    public static Tensor<int> QLinearConv(QLinearConvCase c)
    {
        var acc = Conv(c.G, c.X, c.XZeroPoint, c.W, c.WZeroPoints, channelsLast: true);
        if (c.Bias is not null)
            for (int i = 0; i < acc.Length; i++) acc.Data[i] = unchecked(acc.Data[i] + c.Bias[i / (c.G.OH * c.G.OW) % c.G.M]);
        return Ops.Requantize(acc, c.XScale, c.WScales, c.YScale, c.YZeroPoint, c.YType);
    }

    /// <summary>
    /// Int32 accumulators [N, M, oH, oW]: each output channel's weights times the im2col column of x, padding
    /// holding x's zero point, as ORT builds them.
    /// </summary>
    private static Tensor<int> Conv(ConvGeometry g, int[] x, int xZeroPoint, int[] w, IReadOnlyList<int> wZeroPoints, bool channelsLast)
    {
        int cg = g.C / g.Groups, mg = g.M / g.Groups, kLength = g.K;
        int K(int ic, int ky, int kx) => channelsLast ? (ky * g.KW + kx) * cg + ic : (ic * g.KH + ky) * g.KW + kx;
        var xt = new Tensor<int>(g.XShape, x);
        var wt = new Tensor<int>(g.WShape, w);
        var rows = new int[g.M * kLength];
        for (int oc = 0; oc < g.M; oc++)
            for (int ic = 0; ic < cg; ic++)
                for (int ky = 0; ky < g.KH; ky++)
                    for (int kx = 0; kx < g.KW; kx++)
                        rows[oc * kLength + K(ic, ky, kx)] = wt[oc, ic, ky, kx];

        var y = new Tensor<int>(g.YShape);
        var column = new int[kLength];
        for (int n = 0; n < g.N; n++)
            for (int group = 0; group < g.Groups; group++)
                for (int oy = 0; oy < g.OH; oy++)
                    for (int ox = 0; ox < g.OW; ox++)
                    {
                        for (int ic = 0; ic < cg; ic++)
                            for (int ky = 0; ky < g.KH; ky++)
                                for (int kx = 0; kx < g.KW; kx++)
                                {
                                    int iy = oy * g.StrideH - g.PadTop + ky * g.DilationH, ix = ox * g.StrideW - g.PadLeft + kx * g.DilationW;
                                    column[K(ic, ky, kx)] = iy >= 0 && iy < g.H && ix >= 0 && ix < g.W ? xt[n, group * cg + ic, iy, ix] : xZeroPoint;
                                }
                        for (int oc = group * mg; oc < (group + 1) * mg; oc++)
                            y[n, oc, oy, ox] = Dot(rows.AsSpan(oc * kLength, kLength), wZeroPoints[wZeroPoints.Count == 1 ? 0 : oc], column, xZeroPoint);
                    }
        return y;
    }
}

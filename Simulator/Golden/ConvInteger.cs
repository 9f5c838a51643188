using Sim.Tensors;

namespace Sim.Golden;

public static partial class Ops
{
    /// <summary>
    /// Integer 2-D convolution (ONNX ConvInteger): sum of (x - xZeroPoint) * (w - wZeroPoint[oc]) in int32.
    /// x: [N, C, H, W] (int8/uint8 values); w: [M, C/groups, kH, kW]; <paramref name="wZeroPoints"/> has one value
    /// (per tensor) or M values (per output channel). Padding contributes zero (pads hold x's zero point).
    /// Returns the int32 accumulators [N, M, oH, oW]. Overflow wraps, as int32 hardware would.
    /// </summary>
    public static Tensor<int> ConvInteger(Tensor<int> x, int xZeroPoint, Tensor<int> w, IReadOnlyList<int> wZeroPoints, ConvAttributes a)
    {
        var (n, c, h, wd, m, cg, kh, kw, oh, ow) = ConvShapes(x.Shape, w.Shape, a);
        if (wZeroPoints.Count != 1 && wZeroPoints.Count != m)
            throw new ArgumentException($"weight zero points must have 1 or {m} values, got {wZeroPoints.Count}");
        var y = new Tensor<int>(n, m, oh, ow);
        int mPerGroup = m / a.Groups;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mPerGroup;
                int wzp = wZeroPoints.Count == 1 ? wZeroPoints[0] : wZeroPoints[oc];
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int sum = 0;
                        for (int ic = 0; ic < cg; ic++)
                            for (int ky = 0; ky < kh; ky++)
                            {
                                int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                                if (iy < 0 || iy >= h) continue;
                                for (int kx = 0; kx < kw; kx++)
                                {
                                    int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                                    if (ix < 0 || ix >= wd) continue;
                                    sum = unchecked(sum + (x[b, g * cg + ic, iy, ix] - xZeroPoint) * (w[oc, ic, ky, kx] - wzp));
                                }
                            }
                        y[b, oc, oy, ox] = sum;
                    }
            }
        return y;
    }

    /// <summary>ConvInteger with a single (per-tensor) weight zero point.</summary>
    public static Tensor<int> ConvInteger(Tensor<int> x, int xZeroPoint, Tensor<int> w, int wZeroPoint, ConvAttributes a) =>
        ConvInteger(x, xZeroPoint, w, [wZeroPoint], a);
}

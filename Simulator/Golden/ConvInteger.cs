using System.Runtime.CompilerServices;
using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>
    /// Integer 2-D convolution (ONNX ConvInteger): sum of (x - xZeroPoint) * (w - wZeroPoint[oc]) in int32.
    /// x: [N, C, H, W] (int8/uint8 values); w: [M, C/groups, kH, kW]; <paramref name="wZeroPoints"/> has one value
    /// (per tensor) or M values (per output channel). Padding contributes zero (pads hold x's zero point).
    /// Returns the int32 accumulators [N, M, oH, oW]. Overflow wraps, as int32 hardware would.
    /// </summary>
    /// <remarks>
    /// Each output is one sum over the kernel window and the group's input channels. So that its innermost
    /// loop reads memory in order, the operands are first copied channels-last with their zero points taken
    /// off: x as [N, H, W, C] and w as [M, kH, kW, C/groups]; then the terms of one kernel position are the
    /// dot product of two contiguous runs of C/groups values (<see cref="IntegerDot"/>). Int32 sums wrap, so
    /// adding the terms in this order gives the same sums as any other. Compiled fully optimised at once: it is called a few times
    /// per run, each call long, too few for the runtime's tiering to optimise it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor<int> ConvInteger(Tensor<int> x, int xZeroPoint, Tensor<int> w, IReadOnlyList<int> wZeroPoints, ConvAttributes a)
    {
        var (n, c, h, wd, m, cg, kh, kw, oh, ow) = ConvShapes(x.Shape, w.Shape, a);
        if (wZeroPoints.Count != 1 && wZeroPoints.Count != m)
            throw new ArgumentException($"weight zero points must have 1 or {m} values, got {wZeroPoints.Count}");

        var xLast = new int[x.Length]; // [N, H, W, C], x - xZeroPoint
        for (int b = 0; b < n; b++)
            for (int ic = 0; ic < c; ic++)
                for (int iy = 0; iy < h; iy++)
                    for (int ix = 0; ix < wd; ix++)
                        xLast[((b * h + iy) * wd + ix) * c + ic] = x[b, ic, iy, ix] - xZeroPoint;
        var wLast = new int[w.Length]; // [M, kH, kW, C/groups], w - wZeroPoint[oc]
        for (int oc = 0; oc < m; oc++)
        {
            int wzp = wZeroPoints.Count == 1 ? wZeroPoints[0] : wZeroPoints[oc];
            for (int ic = 0; ic < cg; ic++)
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++)
                        wLast[((oc * kh + ky) * kw + kx) * cg + ic] = w[oc, ic, ky, kx] - wzp;
        }

        var y = new Tensor<int>(n, m, oh, ow);
        int mPerGroup = m / a.Groups;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mPerGroup;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int sum = 0;
                        for (int ky = 0; ky < kh; ky++)
                        {
                            int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                            if (iy < 0 || iy >= h) continue; // padding: x's zero point, a zero term
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                                if (ix < 0 || ix >= wd) continue;
                                sum = unchecked(sum + IntegerDot.Of(
                                    xLast.AsSpan(((b * h + iy) * wd + ix) * c + g * cg, cg),
                                    wLast.AsSpan(((oc * kh + ky) * kw + kx) * cg, cg)));
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

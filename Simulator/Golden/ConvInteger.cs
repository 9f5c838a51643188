using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// Loop order: each weight w[oc, ic, ky, kx] is applied to the whole output plane of oc before the next,
    /// so the innermost loop walks along one output row and one input row. Int32 sums wrap, so adding the
    /// terms in this order gives the same sums as any other. Compiled fully optimised at once: it is called
    /// a few times per run, each call long, too few for the runtime's tiering to optimise it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Tensor<int> ConvInteger(Tensor<int> x, int xZeroPoint, Tensor<int> w, IReadOnlyList<int> wZeroPoints, ConvAttributes a)
    {
        var (n, c, h, wd, m, cg, kh, kw, oh, ow) = ConvShapes(x.Shape, w.Shape, a);
        if (wZeroPoints.Count != 1 && wZeroPoints.Count != m)
            throw new ArgumentException($"weight zero points must have 1 or {m} values, got {wZeroPoints.Count}");
        var y = new Tensor<int>(n, m, oh, ow);
        int mPerGroup = m / a.Groups, strideH = a.StrideH, strideW = a.StrideW;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mPerGroup;
                int wzp = wZeroPoints.Count == 1 ? wZeroPoints[0] : wZeroPoints[oc];
                var output = y.Data.AsSpan((b * m + oc) * oh * ow, oh * ow);
                for (int ic = 0; ic < cg; ic++)
                {
                    var input = x.Data.AsSpan((b * c + g * cg + ic) * h * wd, h * wd);
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                        {
                            int weight = w[oc, ic, ky, kx] - wzp;
                            if (weight == 0) continue; // adds zero to every sum
                            // Input row iy = oy * strideH + rowOffset, column ix = ox * strideW + columnOffset;
                            // only the outputs that put this tap inside the input get a term.
                            int rowOffset = ky * a.DilationH - a.PadTop, columnOffset = kx * a.DilationW - a.PadLeft;
                            var (oy0, oy1) = TapInside(oh, h, strideH, rowOffset);
                            var (ox0, ox1) = TapInside(ow, wd, strideW, columnOffset);
                            for (int oy = oy0; oy < oy1; oy++)
                            {
                                var inputRow = input.Slice((oy * strideH + rowOffset) * wd, wd);
                                var outputRow = output.Slice(oy * ow, ow);
                                for (int ox = ox0, ix = ox0 * strideW + columnOffset; ox < ox1; ox++, ix += strideW)
                                    outputRow[ox] = unchecked(outputRow[ox] + (inputRow[ix] - xZeroPoint) * weight);
                            }
                        }
                }
            }
        return y;
    }

    /// <summary>
    /// The output positions o in [First, Last) along one axis whose input position o x stride + offset lies
    /// inside the input's <paramref name="size"/> (the others read padding).
    /// </summary>
    private static (int First, int Last) TapInside(int outputs, int size, int stride, int offset)
    {
        int first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;   // o x stride + offset >= 0
        int last = offset > size - 1 ? 0 : Math.Min(outputs, (size - 1 - offset) / stride + 1); // <= size - 1
        return (first, Math.Max(first, last));
    }

    /// <summary>ConvInteger with a single (per-tensor) weight zero point.</summary>
    public static Tensor<int> ConvInteger(Tensor<int> x, int xZeroPoint, Tensor<int> w, int wZeroPoint, ConvAttributes a) =>
        ConvInteger(x, xZeroPoint, w, [wZeroPoint], a);
}

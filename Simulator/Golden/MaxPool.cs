using Sim.Tensors;

namespace Sim.Golden;

internal static partial class Ops
{
    /// <summary>Float 2-D max pool (ONNX MaxPool). Padding never wins: only input elements are compared.</summary>
    public static Tensor<float> MaxPool(Tensor<float> x, PoolAttributes a) => MaxPoolWithIndices(x, a, columnMajorIndices: false).Y;

    /// <summary>
    /// Float 2-D max pool that also returns, for each output, the flat index of the chosen input element
    /// (ONNX MaxPool's second output). Indices ignore padding; with <paramref name="columnMajorIndices"/>
    /// (storage_order = 1) the spatial part of the index is h + w * H instead of h * W + w.
    /// The first maximum in scan order wins ties.
    /// </summary>
    public static (Tensor<float> Y, Tensor<int> Indices) MaxPoolWithIndices(Tensor<float> x, PoolAttributes a, bool columnMajorIndices)
    {
        a.Validate(x.Rank);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = a.OutputHeight(h), ow = a.OutputWidth(w);
        var y = new Tensor<float>(n, c, oh, ow);
        var indices = new Tensor<int>(n, c, oh, ow);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        float best = float.NegativeInfinity;
                        int bestY = -1, bestX = -1;
                        for (int ky = 0; ky < a.KernelH; ky++)
                        {
                            int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < a.KernelW; kx++)
                            {
                                int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                                if (ix < 0 || ix >= w) continue;
                                float v = x[b, ch, iy, ix];
                                if (bestY < 0 || v > best) { best = v; bestY = iy; bestX = ix; }
                            }
                        }
                        y[b, ch, oy, ox] = best;
                        int plane = (b * c + ch) * h * w;
                        indices[b, ch, oy, ox] = bestY < 0 ? -1
                            : plane + (columnMajorIndices ? bestY + bestX * h : bestY * w + bestX);
                    }
        return (y, indices);
    }

    /// <summary>Integer 2-D max pool (int8/uint8 activations). Same windows as the float version.</summary>
    public static Tensor<int> MaxPool(Tensor<int> x, PoolAttributes a)
    {
        a.Validate(x.Rank);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = a.OutputHeight(h), ow = a.OutputWidth(w);
        var y = new Tensor<int>(n, c, oh, ow);
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int best = int.MinValue;
                        for (int ky = 0; ky < a.KernelH; ky++)
                        {
                            int iy = oy * a.StrideH - a.PadTop + ky * a.DilationH;
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < a.KernelW; kx++)
                            {
                                int ix = ox * a.StrideW - a.PadLeft + kx * a.DilationW;
                                if (ix < 0 || ix >= w) continue;
                                best = Math.Max(best, x[b, ch, iy, ix]);
                            }
                        }
                        y[b, ch, oy, ox] = best;
                    }
        return y;
    }
}
